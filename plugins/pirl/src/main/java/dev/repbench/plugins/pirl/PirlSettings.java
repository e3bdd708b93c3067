package dev.repbench.plugins.pirl;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.train.LearningRateScaling;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PIRL's hyperparameters, read from the run's config. The defaults are the reference's (Misra &amp; van der
 * Maaten 2020, and VISSL's {@code pirl_jigsaw_4node_resnet} config that reproduces it on ImageNet).
 *
 * <p>Learning rate: the reference uses 0.12 at batch 1024 (0.03 per 256 images), decayed by a cosine, stepped
 * once per epoch, to 0.00012. Both rates scale linearly with the batch: a run at batch {@code B} uses
 * {@code learning-rate · B / learning-rate-reference-batch} ({@link LearningRateScaling}; the reference's old name
 * {@code learning-rate-batch-size} is still read).
 *
 * @param optimizer             SGD: the rate at the reference batch, momentum, L2 weight decay (not on biases and
 *                              batch-norm parameters, as the reference)
 * @param scaling               the batch size the rates are meant for
 * @param finalLearningRate     where the cosine ends, at the reference batch
 * @param dimension             width of both representations and of the memory bank's entries
 * @param temperature           τ
 * @param negatives             negatives per query, at most the training set's size − 1
 * @param memoryMomentum        the old entry's weight in the memory bank's moving average
 * @param jigsawLossWeight      λ: loss = λ·L(jigsaw, memory) + (1 − λ)·L(image, memory)
 * @param loss                  NCE or InfoNCE
 * @param normalisingConstant   NCE's Z; 0 or less: estimate it on the first step, as the reference
 * @param patchFraction         a jigsaw patch's side over its cell's side
 * @param patchesUpdateBnStatistics whether the jigsaw patches' forward pass also updates the backbone's BatchNorm
 *                              running statistics, as the reference's shared trunk does; off by default, see
 *                              {@link #PATCHES_UPDATE_BN_STATISTICS}
 * @param augmentation          the views' augmentation parameters
 */
public record PirlSettings(OptimizerConfig optimizer, LearningRateScaling scaling, double finalLearningRate,
                           int dimension, double temperature, int negatives, double memoryMomentum,
                           double jigsawLossWeight, BankLoss loss, double normalisingConstant, double patchFraction,
                           boolean patchesUpdateBnStatistics, PirlAugmentation augmentation) {
    public static final String FINAL_LEARNING_RATE = "final-learning-rate";
    /** The kit's shared name ({@code embedding-dim} before 1.2, still read). */
    public static final String DIMENSION = ProjectionHead.OUTPUT_DIM;
    public static final String TEMPERATURE = "temperature";
    public static final String NEGATIVES = "negatives";
    public static final String MEMORY_MOMENTUM = "memory-momentum";
    public static final String JIGSAW_LOSS_WEIGHT = "jigsaw-loss-weight";
    public static final String LOSS = "loss";
    public static final String NORMALISING_CONSTANT = "nce-normalising-constant";
    public static final String PATCH_FRACTION = "jigsaw-patch-fraction";
    /**
     * The reference's patches (64 px at 255 px) look like small images and update BatchNorm's running statistics
     * along with the images. At RepBench's small image sides they are a few pixels wide (8 px at 32 px), and their
     * statistics, mixed in, left a frozen 32-px encoder normalised for patches (it probed below a random one on
     * {@code fmnist-cls}). So by default only the image branch updates them; {@code true} is the reference's way.
     */
    public static final String PATCHES_UPDATE_BN_STATISTICS = "patches-update-bn-statistics";

    public PirlSettings {
        require(finalLearningRate >= 0, FINAL_LEARNING_RATE + " must be 0 or more");
        require(dimension >= 1, DIMENSION + " must be 1 or more");
        require(temperature > 0, TEMPERATURE + " must be positive");
        require(negatives >= 1, NEGATIVES + " must be 1 or more");
        require(memoryMomentum >= 0 && memoryMomentum <= 1, MEMORY_MOMENTUM + " must be in [0, 1]");
        require(jigsawLossWeight >= 0 && jigsawLossWeight <= 1, JIGSAW_LOSS_WEIGHT + " must be in [0, 1]");
        require(patchFraction > 0 && patchFraction <= 1, PATCH_FRACTION + " must be in (0, 1]");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("PIRL config: " + message);
        }
    }

    /** The reference's optimiser: SGD at 0.12 for a batch of 1024, momentum 0.9, weight decay 1e-4. */
    static final OptimizerConfig OPTIMIZER = OptimizerConfig.sgd(0.12, 0.9, 1e-4);

    /** @return the reference's values under their config names, augmentation included */
    public static Map<String, Object> defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        OPTIMIZER.addTo(values);
        new LearningRateScaling(1024).addTo(values);
        values.put(FINAL_LEARNING_RATE, 0.00012);
        values.put(DIMENSION, 128);
        values.put(TEMPERATURE, 0.07);
        values.put(NEGATIVES, 32000);
        values.put(MEMORY_MOMENTUM, 0.5);
        values.put(JIGSAW_LOSS_WEIGHT, 0.5);
        values.put(LOSS, BankLoss.NCE.configName());
        values.put(NORMALISING_CONSTANT, -1.0);
        values.put(PATCH_FRACTION, JigsawGrid.REFERENCE_PATCH_FRACTION);
        values.put(PATCHES_UPDATE_BN_STATISTICS, false);
        values.putAll(PirlAugmentation.defaults());
        return values;
    }

    /** @return the settings in {@code config} */
    public static PirlSettings from(AlgorithmConfig config) {
        return new PirlSettings(OptimizerConfig.from(config, OptimizerConfig.Kind.SGD), LearningRateScaling.from(config),
                config.getDouble(FINAL_LEARNING_RATE), config.getInt(DIMENSION), config.getDouble(TEMPERATURE), config.getInt(NEGATIVES),
                config.getDouble(MEMORY_MOMENTUM), config.getDouble(JIGSAW_LOSS_WEIGHT),
                BankLoss.fromConfig(config.getString(LOSS)), config.getDouble(NORMALISING_CONSTANT),
                config.getDouble(PATCH_FRACTION), config.getBoolean(PATCHES_UPDATE_BN_STATISTICS),
                PirlAugmentation.from(config));
    }

    /** @return the learning rate for {@code batchSize}, scaled linearly from the reference's */
    public double scaledLearningRate(int batchSize) {
        return scaling.scale(optimizer.learningRate(), batchSize);
    }

    /** @return the final learning rate for {@code batchSize}, scaled linearly */
    public double scaledFinalLearningRate(int batchSize) {
        return scaling.scale(finalLearningRate, batchSize);
    }
}
