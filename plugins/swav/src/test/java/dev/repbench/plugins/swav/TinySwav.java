package dev.repbench.plugins.swav;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.augment.Augmentation;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Functional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A tiny SwAV (resnet18-small, 16² images, 2 + 2 views, 10 prototypes, small head) and a driver that takes
 * optimiser steps in the order {@link dev.repbench.plugins.kit.train.Method} documents, without the loop's
 * data loading.
 */
final class TinySwav {
    static final int SIDE = 16;
    static final int BATCH = 4;

    private TinySwav() {
    }

    /** The paper's settings shrunk to test size, with {@code overrides} applied. */
    static SwavSettings settings(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        SwavSettings.PAPER.addTo(values);
        Map<String, Object> tiny = new HashMap<>(Map.of(SwavSettings.PROTOTYPES, 10, SwavSettings.HIDDEN_DIM, 32,
                SwavSettings.FEATURE_DIM, 8, SwavSettings.LOCAL_CROPS, 2));
        tiny.putAll(overrides);
        return SwavSettings.from(new AlgorithmConfig(values).withOverrides(tiny));
    }

    /** Views without randomness: the image itself as large crops, a bilinear downscale as small crops. */
    static List<ViewSpec> views(SwavSettings settings) {
        int localSide = settings.localCropSide(SIDE);
        Augmentation identity = (images, random) -> images.clone();
        Augmentation downscale = (images, random) -> Functional.interpolateBilinear(images, localSide, localSide);
        return List.of(new ViewSpec("global", identity, settings.globalCrops()), new ViewSpec("local", downscale, settings.localCrops()));
    }

    static SwavMethod method(SwavSettings settings) {
        Torch.manualSeed(7);
        return new SwavMethod(settings, BATCH, "resnet18-small", Device.CPU, views(settings));
    }

    /** One optimiser step on a fixed random batch; returns the loss. */
    static double step(SwavMethod method, long step, int epoch, double learningRate) {
        try (Scope s = Scope.open()) {
            Torch.manualSeed(100 + step);
            Tensor images = Tensor.rand(BATCH, 3, SIDE, SIDE);
            SplittableRandom random = new SplittableRandom(step);
            List<Tensor> views = new ArrayList<>();
            for (ViewSpec spec : method.views()) {
                for (int i = 0; i < spec.count(); i++) {
                    views.add(spec.augmentation().apply(images, random));
                }
            }
            StepInput input = new StepInput(step, epoch, views, null, IntStream.range(0, BATCH).toArray(), random);
            method.optimizer().zeroGrad();
            Tensor loss = method.loss(input);
            loss.backward();
            method.beforeOptimizerStep(input);
            method.optimizer().setLearningRate(learningRate);
            method.optimizer().step();
            method.afterOptimizerStep(input);
            return loss.item();
        }
    }
}
