package org.example.byol;

import dev.repbench.api.pretrain.AlgorithmConfig;
import java.util.Map;

/**
 * BYOL's hyperparameters, with the paper's ImageNet values as defaults (Grill et al., 2020, Sec. 3.3 and App. C).
 *
 * @param baseLearningRate     LARS learning rate per 256 images; the run's peak rate is {@code base · batch / 256}
 * @param weightDecay          LARS weight decay (biases and batch-norm parameters excluded)
 * @param warmupEpochs         epochs of linear warm-up before the cosine decay
 * @param larsMomentum         SGD momentum inside LARS
 * @param trustCoefficient     LARS trust coefficient η
 * @param targetMomentumBase   τ at the first step; it rises to 1 over the run ({@link TargetMomentum})
 * @param projectorHidden      hidden width of the projector
 * @param projectionDim        output width of the projector and predictor
 * @param predictorHidden      hidden width of the predictor
 */
public record ByolHyperparameters(double baseLearningRate, double weightDecay, int warmupEpochs, double larsMomentum,
                                  double trustCoefficient, double targetMomentumBase, int projectorHidden,
                                  int projectionDim, int predictorHidden) {
    /** Config names. */
    public static final String BASE_LEARNING_RATE = "base-learning-rate";
    public static final String WEIGHT_DECAY = "weight-decay";
    public static final String WARMUP_EPOCHS = "warmup-epochs";
    public static final String LARS_MOMENTUM = "lars-momentum";
    public static final String TRUST_COEFFICIENT = "lars-trust-coefficient";
    public static final String TARGET_MOMENTUM_BASE = "target-momentum-base";
    public static final String PROJECTOR_HIDDEN = "projector-hidden-dim";
    public static final String PROJECTION_DIM = "projection-dim";
    public static final String PREDICTOR_HIDDEN = "predictor-hidden-dim";

    /** The paper's values. */
    public static final ByolHyperparameters PAPER = new ByolHyperparameters(0.2, 1.5e-6, 10, 0.9, 1e-3, 0.996, 4096,
            256, 4096);

    public ByolHyperparameters {
        if (!(baseLearningRate > 0) || !(weightDecay >= 0) || warmupEpochs < 0 || !(larsMomentum >= 0 && larsMomentum < 1)
                || !(trustCoefficient > 0) || !(targetMomentumBase >= 0 && targetMomentumBase <= 1)
                || projectorHidden < 1 || projectionDim < 1 || predictorHidden < 1) {
            // The fields are not assigned yet in a compact constructor, so the message lists the parameters.
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "invalid BYOL hyperparameters: %s %s, %s %s, %s %d, %s %s, %s %s, %s %s, %s %d, %s %d, %s %d"
                            + " — learning rate, trust coefficient and widths are positive, weight decay and warm-up 0 or"
                            + " more, LARS momentum in [0, 1), target momentum base in [0, 1]",
                    BASE_LEARNING_RATE, baseLearningRate, WEIGHT_DECAY, weightDecay, WARMUP_EPOCHS, warmupEpochs,
                    LARS_MOMENTUM, larsMomentum, TRUST_COEFFICIENT, trustCoefficient, TARGET_MOMENTUM_BASE,
                    targetMomentumBase, PROJECTOR_HIDDEN, projectorHidden, PROJECTION_DIM, projectionDim,
                    PREDICTOR_HIDDEN, predictorHidden));
        }
    }

    /**
     * @param config a run's config (defaults with overrides)
     * @return the hyperparameters it holds
     */
    public static ByolHyperparameters from(AlgorithmConfig config) {
        return new ByolHyperparameters(config.getDouble(BASE_LEARNING_RATE), config.getDouble(WEIGHT_DECAY),
                config.getInt(WARMUP_EPOCHS), config.getDouble(LARS_MOMENTUM), config.getDouble(TRUST_COEFFICIENT),
                config.getDouble(TARGET_MOMENTUM_BASE), config.getInt(PROJECTOR_HIDDEN), config.getInt(PROJECTION_DIM),
                config.getInt(PREDICTOR_HIDDEN));
    }

    /** @param values config values to which these are added under their names */
    public void addTo(Map<String, Object> values) {
        values.put(BASE_LEARNING_RATE, baseLearningRate);
        values.put(WEIGHT_DECAY, weightDecay);
        values.put(WARMUP_EPOCHS, warmupEpochs);
        values.put(LARS_MOMENTUM, larsMomentum);
        values.put(TRUST_COEFFICIENT, trustCoefficient);
        values.put(TARGET_MOMENTUM_BASE, targetMomentumBase);
        values.put(PROJECTOR_HIDDEN, projectorHidden);
        values.put(PROJECTION_DIM, projectionDim);
        values.put(PREDICTOR_HIDDEN, predictorHidden);
    }

    /**
     * @param batchSize images per step
     * @return the peak learning rate, scaled linearly with the batch as BYOL does
     */
    public double peakLearningRate(int batchSize) {
        return baseLearningRate * batchSize / 256.0;
    }
}
