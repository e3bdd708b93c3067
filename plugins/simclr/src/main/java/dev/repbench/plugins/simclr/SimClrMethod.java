package dev.repbench.plugins.simclr;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.plugins.kit.augment.Augmentations;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.loss.NtXent;
import dev.repbench.plugins.kit.train.LearningRateScaling;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;
import java.util.List;
import java.util.Map;

/**
 * SimCLR's method: two views of SimCLR's augmentation, backbone and projector on both (one forward over the
 * concatenated batch, so batch norm sees all 2B images as in SimCLR), NT-Xent.
 *
 * <p>Projector: {@code Linear(D, D) → BatchNorm → ReLU → Linear(D, 128)}, D the embedding width.
 *
 * <p>Schedule: linear warm-up from 0, then cosine to 0. The warm-up is the configured epochs but at most a
 * tenth of the run (SimCLR's 10 of 100 epochs), so a short run is not spent warming up.
 */
final class SimClrMethod extends Method {
    private final ProjectionHead projector;
    private final double learningRate;
    private final double temperature;
    private final int warmupEpochs;
    private final int imageSide;

    SimClrMethod(PretrainingContext context) {
        super(context);
        AlgorithmConfig config = context.config();
        LoopSettings settings = LoopSettings.from(config);
        OptimizerConfig optimizer = OptimizerConfig.from(config, OptimizerConfig.Kind.LARS);
        imageSide = settings.imageSide();
        learningRate = LearningRateScaling.PER_256.scale(optimizer.learningRate(), settings.batchSize());
        temperature = config.getDouble(SimClrAlgorithm.TEMPERATURE);
        warmupEpochs = config.getInt(SimClrAlgorithm.WARMUP_EPOCHS);
        long width = backbone().embeddingDim();
        projector = register("projector", new ProjectionHead(width, width, config.getInt(SimClrAlgorithm.PROJECTION_DIM), true));
        createOptimizer(optimizer, learningRate, ParameterGroup::excludingBiasesAndNorms);
    }

    @Override
    public List<ViewSpec> views() {
        return List.of(new ViewSpec("simclr", Augmentations.simclr(imageSide), 2));
    }

    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        long total = stepsPerEpoch * epochs;
        long warmup = Math.min(warmupEpochs * stepsPerEpoch, total / 10);
        return new CosineSchedule(0, learningRate, 0, warmup, total);
    }

    @Override
    public Tensor loss(StepInput input) {
        int batch = input.batchSize();
        Tensor both = Tensor.cat(input.views(), 0);
        Tensor projections = projector.forward(backbone().forwardEmbedding(both));
        return NtXent.loss(projections.narrow(0, 0, batch), projections.narrow(0, batch, batch), temperature);
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("temperature", Double.toString(temperature), "learning-rate", Double.toString(learningRate));
    }
}
