package dev.repbench.plugins.supervised;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import dev.repbench.plugins.kit.train.PretrainingLoop;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code supervised}: the encoder with a linear classifier, trained on labelled images with cross-entropy, SGD
 * (momentum 0.9, learning rate 0.1 for a batch of 256, scaled linearly with the batch, weight decay 1e-4) and a
 * cosine schedule: torchvision's ImageNet recipe with the cosine decay its later references use.
 */
public final class SupervisedAlgorithm implements PretrainingAlgorithm {
    /** SGD's defaults, the learning rate for a batch of 256 (the run uses {@code lr · batch / 256}). */
    static final OptimizerConfig OPTIMIZER = OptimizerConfig.sgd(0.1, 0.9, 1e-4);

    @Override
    public String name() {
        return "supervised";
    }

    @Override
    public String description() {
        return "Supervised baseline: linear classifier on the embedding, cross-entropy on labelled images";
    }

    /** A classifier on the labels: an unlabelled training set is refused before anything is written. */
    @Override
    public boolean needsLabelledImages() {
        return true;
    }

    @Override
    public AlgorithmConfig defaultConfig() {
        Map<String, Object> values = new LinkedHashMap<>();
        OPTIMIZER.addTo(values);
        LoopSettings.addDefaults(values, new LoopSettings(128, 32, 2));
        return new AlgorithmConfig(values);
    }

    @Override
    public TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        int classes = context.trainingClassCount().orElseThrow(() -> new IllegalArgumentException(
                "the supervised baseline needs labelled training images (ClassLabel targets), but the dataset given"
                        + " to this run (" + context.trainingImages().size() + " images) has no classes; pretrain on a"
                        + " classification dataset, or choose a self-supervised algorithm"));
        return PretrainingLoop.run(context, LoopSettings.from(context.config()), () -> new SupervisedMethod(context, classes));
    }
}
