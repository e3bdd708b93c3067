package dev.repbench.plugins.kit.train;

import dev.repbench.api.pretrain.AlgorithmConfig;
import java.util.Map;

/**
 * The kit's one rule for scaling a learning rate with the batch size (linear scaling, Goyal et al. 2017): a rate
 * given for {@code referenceBatch} images per step is used as {@code rate · batch / referenceBatch}. SimCLR,
 * BYOL and the supervised baseline give their rates for {@link #PER_256 256 images}; SwAV and PIRL publish the
 * reference as {@value #REFERENCE_BATCH} (PIRL's old name {@code learning-rate-batch-size} is still read); MoCo
 * uses its rate as given at every batch size and does not scale.
 *
 * @param referenceBatch the batch size the rates are given for, at least 1
 */
public record LearningRateScaling(int referenceBatch) {
    /** The config name of the reference batch, for algorithms that let a run set it. */
    public static final String REFERENCE_BATCH = "learning-rate-reference-batch";
    /** Rates given for a batch of 256, the usual reference. */
    public static final LearningRateScaling PER_256 = new LearningRateScaling(256);

    public LearningRateScaling {
        if (referenceBatch < 1) {
            throw new IllegalArgumentException(REFERENCE_BATCH + " must be 1 or more, got " + referenceBatch);
        }
    }

    /** @return the scaling whose reference batch {@code config} sets under {@value #REFERENCE_BATCH} */
    public static LearningRateScaling from(AlgorithmConfig config) {
        return new LearningRateScaling(config.getInt(REFERENCE_BATCH));
    }

    /** Adds the reference batch to an algorithm's defaults, for algorithms that let a run set it. */
    public void addTo(Map<String, Object> values) {
        values.put(REFERENCE_BATCH, referenceBatch);
    }

    /**
     * @param rate      a rate given for the reference batch
     * @param batchSize the run's images per step
     * @return {@code rate · batchSize / referenceBatch}, in that order
     */
    public double scale(double rate, int batchSize) {
        return rate * batchSize / referenceBatch;
    }

    /** @return {@code batchSize / referenceBatch}, the factor {@link #scale} applies (for the record) */
    public double factor(int batchSize) {
        return (double) batchSize / referenceBatch;
    }
}
