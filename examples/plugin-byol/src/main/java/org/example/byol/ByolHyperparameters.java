package org.example.byol;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.train.LearningRateScaling;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import java.util.Map;

/**
 * BYOL's hyperparameters, with the paper's ImageNet values as defaults (Grill et al., 2020, Sec. 3.3 and App. C).
 * The optimiser's and the projector's use the plugin kit's shared config names ({@link OptimizerConfig},
 * {@link ProjectionHead#OUTPUT_DIM}, {@link ProjectionHead#HIDDEN_DIM}).
 *
 * @param optimizer          LARS: learning rate per 256 images (the run's peak rate is {@code rate · batch / 256}),
 *                           momentum, weight decay (biases and batch-norm parameters excluded), trust coefficient η
 * @param warmupEpochs       epochs of linear warm-up before the cosine decay
 * @param targetMomentumBase τ at the first step; it rises to 1 over the run ({@link TargetMomentum})
 * @param projectorHidden    hidden width of the projector
 * @param projectionDim      output width of the projector and predictor
 * @param predictorHidden    hidden width of the predictor
 */
public record ByolHyperparameters(OptimizerConfig optimizer, int warmupEpochs, double targetMomentumBase,
                                  int projectorHidden, int projectionDim, int predictorHidden) {
    /** Config names besides the optimiser's. */
    public static final String WARMUP_EPOCHS = "warmup-epochs";
    public static final String TARGET_MOMENTUM_BASE = "target-momentum-base";
    public static final String PROJECTOR_HIDDEN = ProjectionHead.HIDDEN_DIM;
    public static final String PROJECTION_DIM = ProjectionHead.OUTPUT_DIM;
    public static final String PREDICTOR_HIDDEN = "predictor-hidden-dim";

    /** The paper's values. */
    public static final ByolHyperparameters PAPER = new ByolHyperparameters(OptimizerConfig.lars(0.2, 0.9, 1.5e-6, 1e-3),
            10, 0.996, 4096, 256, 4096);

    public ByolHyperparameters {
        if (optimizer.kind() != OptimizerConfig.Kind.LARS || !(optimizer.learningRate() > 0) || !(optimizer.momentum() < 1)
                || warmupEpochs < 0 || !(targetMomentumBase >= 0 && targetMomentumBase <= 1)
                || projectorHidden < 1 || projectionDim < 1 || predictorHidden < 1) {
            // The fields are not assigned yet in a compact constructor, so the message lists the parameters.
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "invalid BYOL hyperparameters: %s %s, %s %s, %s %d, %s %s, %s %d, %s %d, %s %d"
                            + " — LARS with a positive learning rate and a momentum below 1, widths positive, warm-up 0"
                            + " or more, target momentum base in [0, 1]",
                    OptimizerConfig.LEARNING_RATE, optimizer.learningRate(), OptimizerConfig.MOMENTUM, optimizer.momentum(),
                    WARMUP_EPOCHS, warmupEpochs, TARGET_MOMENTUM_BASE, targetMomentumBase, PROJECTOR_HIDDEN,
                    projectorHidden, PROJECTION_DIM, projectionDim, PREDICTOR_HIDDEN, predictorHidden));
        }
    }

    /**
     * @param config a run's config (defaults with overrides)
     * @return the hyperparameters it holds
     */
    public static ByolHyperparameters from(AlgorithmConfig config) {
        return new ByolHyperparameters(OptimizerConfig.from(config, OptimizerConfig.Kind.LARS), config.getInt(WARMUP_EPOCHS),
                config.getDouble(TARGET_MOMENTUM_BASE), config.getInt(PROJECTOR_HIDDEN), config.getInt(PROJECTION_DIM),
                config.getInt(PREDICTOR_HIDDEN));
    }

    /** @param values config values to which these are added under their names */
    public void addTo(Map<String, Object> values) {
        optimizer.addTo(values);
        values.put(WARMUP_EPOCHS, warmupEpochs);
        values.put(TARGET_MOMENTUM_BASE, targetMomentumBase);
        values.put(PROJECTOR_HIDDEN, projectorHidden);
        values.put(PROJECTION_DIM, projectionDim);
        values.put(PREDICTOR_HIDDEN, predictorHidden);
    }

    /**
     * @param batchSize images per step
     * @return the peak learning rate, scaled linearly with the batch from 256 images as BYOL does
     */
    public double peakLearningRate(int batchSize) {
        return LearningRateScaling.PER_256.scale(optimizer.learningRate(), batchSize);
    }
}
