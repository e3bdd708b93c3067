package dev.repbench.plugins.supervised;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.plugins.kit.augment.Augmentations;
import dev.repbench.plugins.kit.train.Backbones;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import dev.repbench.torch.optim.SGD;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The supervised method: one lightly augmented view (random resized crop 0.08–1 and flip), the backbone's
 * embedding through a linear classifier, cross-entropy. Weight decay applies to convolution and linear weights
 * only, not to biases and batch-norm parameters (a common refinement of torchvision's recipe, which decays all).
 */
final class SupervisedMethod extends Method {
    private final ResNet backbone;
    private final Linear classifier;
    private final SGD optimizer;
    private final double learningRate;
    private final int imageSide;
    private final int classes;

    SupervisedMethod(PretrainingContext context, int classes) {
        AlgorithmConfig config = context.config();
        LoopSettings settings = LoopSettings.from(config);
        this.imageSide = settings.imageSide();
        this.classes = classes;
        // Linear scaling (Goyal et al., 2017): the reference rate is for a batch of 256.
        this.learningRate = config.getDouble(SupervisedAlgorithm.LEARNING_RATE) * settings.batchSize() / 256.0;
        backbone = Backbones.of(context.architecture());
        classifier = new Linear(backbone.embeddingDim(), classes);
        backbone.to(context.device());
        classifier.to(context.device());
        List<Tensor> parameters = new ArrayList<>(backbone.parameters());
        parameters.addAll(classifier.parameters());
        optimizer = new SGD(ParameterGroup.excludingBiasesAndNorms(parameters), SGD.Options.of(learningRate)
                .momentum(config.getDouble(SupervisedAlgorithm.MOMENTUM))
                .weightDecay(config.getDouble(SupervisedAlgorithm.WEIGHT_DECAY)));
    }

    @Override
    public List<ViewSpec> views() {
        return List.of(new ViewSpec("light", Augmentations.supervised(imageSide), 1));
    }

    @Override
    public ResNet backbone() {
        return backbone;
    }

    @Override
    public Map<String, Module> modules() {
        Map<String, Module> modules = new LinkedHashMap<>();
        modules.put("backbone", backbone);
        modules.put("classifier", classifier);
        return modules;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
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
        Tensor logits = classifier.forward(backbone.forwardEmbedding(input.views().getFirst()));
        return Functional.crossEntropy(logits, input.labels());
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("classes", Integer.toString(classes), "learning-rate", Double.toString(learningRate));
    }

    @Override
    public void close() {
        optimizer.close();
        classifier.close();
        backbone.close();
    }
}
