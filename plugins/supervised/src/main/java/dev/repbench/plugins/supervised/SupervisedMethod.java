package dev.repbench.plugins.supervised;

import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.plugins.kit.augment.Augmentations;
import dev.repbench.plugins.kit.train.LearningRateScaling;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;
import java.util.List;
import java.util.Map;

/**
 * The supervised method: one lightly augmented view (random resized crop 0.08–1 and flip), the backbone's
 * embedding through a linear classifier, cross-entropy. Weight decay applies to convolution and linear weights
 * only, not to biases and batch-norm parameters (a common refinement of torchvision's recipe, which decays all).
 */
final class SupervisedMethod extends Method {
    private final Linear classifier;
    private final double learningRate;
    private final int imageSide;
    private final int classes;

    SupervisedMethod(PretrainingContext context, int classes) {
        super(context);
        LoopSettings settings = LoopSettings.from(context.config());
        OptimizerConfig optimizer = OptimizerConfig.from(context.config(), OptimizerConfig.Kind.SGD);
        this.imageSide = settings.imageSide();
        this.classes = classes;
        // Linear scaling (Goyal et al., 2017): the reference rate is for a batch of 256.
        this.learningRate = LearningRateScaling.PER_256.scale(optimizer.learningRate(), settings.batchSize());
        classifier = register("classifier", new Linear(backbone().embeddingDim(), classes));
        createOptimizer(optimizer, learningRate, ParameterGroup::excludingBiasesAndNorms);
    }

    @Override
    public List<ViewSpec> views() {
        return List.of(new ViewSpec("light", Augmentations.supervised(imageSide), 1));
    }

    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        return CosineSchedule.withoutWarmup(learningRate, 0, stepsPerEpoch * epochs);
    }

    @Override
    public Tensor loss(StepInput input) {
        if (input.labels() == null) {
            throw new IllegalStateException("the supervised baseline got a batch without labels; its training images"
                    + " must all carry ClassLabel targets");
        }
        Tensor logits = classifier.forward(backbone().forwardEmbedding(input.views().getFirst()));
        return Functional.crossEntropy(logits, input.labels());
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("classes", Integer.toString(classes), "learning-rate", Double.toString(learningRate));
    }
}
