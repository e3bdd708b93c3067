package dev.repbench.plugins.swav;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.train.LearningRateScaling;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SwAV's hyperparameters, read from an {@link AlgorithmConfig} under the names below. The defaults are the
 * paper's ImageNet setting (Caron et al., 2020, and its reference code) except where a value depends on the
 * batch size or the run length, which the notes on the fields explain.
 *
 * @param prototypes                 K, the number of prototypes (3000; fewer suits small datasets)
 * @param projectionDim              the projection's output width (128)
 * @param projectorHiddenDim         the projection MLP's hidden width (2048)
 * @param temperature                τ of the swapped prediction's softmax (0.1)
 * @param sinkhornEpsilon            ε of the Sinkhorn-Knopp assignments (0.05)
 * @param sinkhornIterations         Sinkhorn-Knopp iterations (3)
 * @param globalCrops                large crops per image (2); their assignments are the targets
 * @param globalCropMinScale         smallest area fraction of a large crop (0.14)
 * @param globalCropMaxScale         largest area fraction of a large crop (1.0)
 * @param localCrops                 small crops per image (6)
 * @param localCropMinScale          smallest area fraction of a small crop (0.05)
 * @param localCropMaxScale          largest area fraction of a small crop (0.14)
 * @param globalCropReferenceSide    the paper's large-crop side (224)
 * @param localCropReferenceSide     the paper's small-crop side (96); the run's sides keep this ratio, see
 *                                   {@link #localCropSide}
 * @param freezePrototypesIterations optimiser steps during which the prototypes are not updated (313, the
 *                                   paper's first ImageNet epoch at batch 4096)
 * @param queueLength                past large-crop features kept to stabilise the assignments (0: no queue;
 *                                   the paper uses 3840 for batches of 256), rounded down to a multiple of
 *                                   the batch size as the reference code does
 * @param queueStartEpoch            the epoch (from 0) at which the queue starts filling (15)
 * @param optimizer                  LARS: the peak learning rate at the reference batch (0.6 at 256, the paper's
 *                                   small-batch setting); the paper's large-batch setting, 4.8 at 4096, is not
 *                                   that line (it would give 9.6): we take the 256 recipe as reference because this
 *                                   project's batches (64–128) are close to it, and scale linearly as usual for LARS
 *                                   below it. Momentum 0.9, weight decay 1e-6, trust coefficient η 0.001
 * @param scaling                    the batch the learning rates are given for (256); every rate is scaled linearly
 *                                   to the run's batch
 * @param finalLearningRate          the cosine's end rate at the reference batch (0.0006 at 256, a thousandth of
 *                                   the peak as in both of the paper's settings), scaled alike
 * @param warmupStartLearningRate    the warm-up's first rate at the reference batch (0), scaled alike
 * @param warmupEpochs               linear warm-up epochs of a run of {@code warmupReferenceEpochs} (10 of the
 *                                   reference code's default 100), scaled with the run's epochs
 * @param warmupReferenceEpochs      the run length the warm-up is given for (100)
 */
public record SwavSettings(int prototypes, int projectionDim, int projectorHiddenDim, double temperature,
                           double sinkhornEpsilon, int sinkhornIterations, int globalCrops, double globalCropMinScale,
                           double globalCropMaxScale, int localCrops, double localCropMinScale,
                           double localCropMaxScale, int globalCropReferenceSide, int localCropReferenceSide,
                           long freezePrototypesIterations, int queueLength, int queueStartEpoch,
                           OptimizerConfig optimizer, LearningRateScaling scaling, double finalLearningRate,
                           double warmupStartLearningRate, double warmupEpochs, double warmupReferenceEpochs) {

    public static final String PROTOTYPES = "prototypes";
    /** The kit's shared name ({@code feature-dim} before 1.2, still read). */
    public static final String FEATURE_DIM = ProjectionHead.OUTPUT_DIM;
    /** The kit's shared name ({@code hidden-dim} before 1.2, still read). */
    public static final String HIDDEN_DIM = ProjectionHead.HIDDEN_DIM;
    public static final String TEMPERATURE = "temperature";
    public static final String SINKHORN_EPSILON = "sinkhorn-epsilon";
    public static final String SINKHORN_ITERATIONS = "sinkhorn-iterations";
    public static final String GLOBAL_CROPS = "global-crops";
    public static final String GLOBAL_CROP_MIN_SCALE = "global-crop-min-scale";
    public static final String GLOBAL_CROP_MAX_SCALE = "global-crop-max-scale";
    public static final String LOCAL_CROPS = "local-crops";
    public static final String LOCAL_CROP_MIN_SCALE = "local-crop-min-scale";
    public static final String LOCAL_CROP_MAX_SCALE = "local-crop-max-scale";
    public static final String GLOBAL_CROP_REFERENCE_SIDE = "global-crop-reference-side";
    public static final String LOCAL_CROP_REFERENCE_SIDE = "local-crop-reference-side";
    public static final String FREEZE_PROTOTYPES_ITERATIONS = "freeze-prototypes-iterations";
    public static final String QUEUE_LENGTH = "queue-length";
    public static final String QUEUE_START_EPOCH = "queue-start-epoch";
    public static final String FINAL_LEARNING_RATE = "final-learning-rate";
    public static final String WARMUP_START_LEARNING_RATE = "warmup-start-learning-rate";
    public static final String WARMUP_EPOCHS = "warmup-epochs";
    public static final String WARMUP_REFERENCE_EPOCHS = "warmup-reference-epochs";

    /** The paper's settings. */
    public static final SwavSettings PAPER = new SwavSettings(3000, 128, 2048, 0.1, 0.05, 3,
            2, 0.14, 1.0, 6, 0.05, 0.14, 224, 96,
            313, 0, 15,
            OptimizerConfig.lars(0.6, 0.9, 1e-6, 0.001), LearningRateScaling.PER_256, 0.0006, 0.0, 10, 100);

    public SwavSettings {
        positive(PROTOTYPES, prototypes);
        positive(FEATURE_DIM, projectionDim);
        positive(HIDDEN_DIM, projectorHiddenDim);
        positive(TEMPERATURE, temperature);
        positive(SINKHORN_EPSILON, sinkhornEpsilon);
        positive(SINKHORN_ITERATIONS, sinkhornIterations);
        positive(GLOBAL_CROPS, globalCrops);
        if (localCrops < 0 || globalCrops + localCrops < 2) {
            throw new IllegalArgumentException(LOCAL_CROPS + " must be 0 or more and " + GLOBAL_CROPS + " + " + LOCAL_CROPS
                    + " at least 2 (every assignment is predicted from another view); got " + globalCrops + " and " + localCrops);
        }
        scaleRange(GLOBAL_CROP_MIN_SCALE, globalCropMinScale, GLOBAL_CROP_MAX_SCALE, globalCropMaxScale);
        scaleRange(LOCAL_CROP_MIN_SCALE, localCropMinScale, LOCAL_CROP_MAX_SCALE, localCropMaxScale);
        positive(GLOBAL_CROP_REFERENCE_SIDE, globalCropReferenceSide);
        positive(LOCAL_CROP_REFERENCE_SIDE, localCropReferenceSide);
        nonNegative(FREEZE_PROTOTYPES_ITERATIONS, freezePrototypesIterations);
        nonNegative(QUEUE_LENGTH, queueLength);
        nonNegative(QUEUE_START_EPOCH, queueStartEpoch);
        positive(OptimizerConfig.LEARNING_RATE, optimizer.learningRate());
        nonNegative(FINAL_LEARNING_RATE, finalLearningRate);
        nonNegative(WARMUP_START_LEARNING_RATE, warmupStartLearningRate);
        nonNegative(WARMUP_EPOCHS, warmupEpochs);
        positive(WARMUP_REFERENCE_EPOCHS, warmupReferenceEpochs);
        if (warmupEpochs >= warmupReferenceEpochs) {
            throw new IllegalArgumentException(WARMUP_EPOCHS + " (" + warmupEpochs + ") must be less than "
                    + WARMUP_REFERENCE_EPOCHS + " (" + warmupReferenceEpochs + "): the warm-up is that fraction of the run");
        }
    }

    /** @return the settings in {@code config}, which must hold every name of {@link #addDefaults} */
    public static SwavSettings from(AlgorithmConfig config) {
        return new SwavSettings(config.getInt(PROTOTYPES), config.getInt(FEATURE_DIM), config.getInt(HIDDEN_DIM),
                config.getDouble(TEMPERATURE), config.getDouble(SINKHORN_EPSILON), config.getInt(SINKHORN_ITERATIONS),
                config.getInt(GLOBAL_CROPS), config.getDouble(GLOBAL_CROP_MIN_SCALE), config.getDouble(GLOBAL_CROP_MAX_SCALE),
                config.getInt(LOCAL_CROPS), config.getDouble(LOCAL_CROP_MIN_SCALE), config.getDouble(LOCAL_CROP_MAX_SCALE),
                config.getInt(GLOBAL_CROP_REFERENCE_SIDE), config.getInt(LOCAL_CROP_REFERENCE_SIDE),
                config.getLong(FREEZE_PROTOTYPES_ITERATIONS), config.getInt(QUEUE_LENGTH), config.getInt(QUEUE_START_EPOCH),
                OptimizerConfig.from(config, OptimizerConfig.Kind.LARS), LearningRateScaling.from(config),
                config.getDouble(FINAL_LEARNING_RATE), config.getDouble(WARMUP_START_LEARNING_RATE),
                config.getDouble(WARMUP_EPOCHS), config.getDouble(WARMUP_REFERENCE_EPOCHS));
    }

    /** Adds these settings to {@code values} under their config names. */
    public void addTo(Map<String, Object> values) {
        Map<String, Object> own = new LinkedHashMap<>();
        own.put(PROTOTYPES, prototypes);
        own.put(FEATURE_DIM, projectionDim);
        own.put(HIDDEN_DIM, projectorHiddenDim);
        own.put(TEMPERATURE, temperature);
        own.put(SINKHORN_EPSILON, sinkhornEpsilon);
        own.put(SINKHORN_ITERATIONS, sinkhornIterations);
        own.put(GLOBAL_CROPS, globalCrops);
        own.put(GLOBAL_CROP_MIN_SCALE, globalCropMinScale);
        own.put(GLOBAL_CROP_MAX_SCALE, globalCropMaxScale);
        own.put(LOCAL_CROPS, localCrops);
        own.put(LOCAL_CROP_MIN_SCALE, localCropMinScale);
        own.put(LOCAL_CROP_MAX_SCALE, localCropMaxScale);
        own.put(GLOBAL_CROP_REFERENCE_SIDE, globalCropReferenceSide);
        own.put(LOCAL_CROP_REFERENCE_SIDE, localCropReferenceSide);
        own.put(FREEZE_PROTOTYPES_ITERATIONS, freezePrototypesIterations);
        own.put(QUEUE_LENGTH, queueLength);
        own.put(QUEUE_START_EPOCH, queueStartEpoch);
        optimizer.addTo(own);
        scaling.addTo(own);
        own.put(FINAL_LEARNING_RATE, finalLearningRate);
        own.put(WARMUP_START_LEARNING_RATE, warmupStartLearningRate);
        own.put(WARMUP_EPOCHS, warmupEpochs);
        own.put(WARMUP_REFERENCE_EPOCHS, warmupReferenceEpochs);
        values.putAll(own);
    }

    /** @return the total views per image, large crops first */
    public int views() {
        return globalCrops + localCrops;
    }

    /**
     * The small crops' side for a run whose images (and large crops) have side {@code imageSide}: the paper's
     * ratio 96 / 224 applied to it and rounded (32 → 14, 16 → 7, 224 → 96), at least 1.
     */
    public int localCropSide(int imageSide) {
        return Math.max(1, (int) Math.round((double) imageSide * localCropReferenceSide / globalCropReferenceSide));
    }

    /** @return the multiplier of every learning rate for {@code batchSize}: linear scaling from the reference batch */
    public double learningRateScale(int batchSize) {
        return scaling.factor(batchSize);
    }

    /** @return the queue length used with {@code batchSize}: rounded down to a multiple of it (0 when off) */
    public int effectiveQueueLength(int batchSize) {
        if (queueLength == 0) {
            return 0;
        }
        int rounded = queueLength - queueLength % batchSize;
        if (rounded == 0) {
            throw new IllegalArgumentException(QUEUE_LENGTH + " " + queueLength + " is shorter than one batch of "
                    + batchSize + "; use 0 (no queue) or a multiple of the batch size");
        }
        return rounded;
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("swav config '" + name + "' must be positive, got " + value);
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("swav config '" + name + "' must be 0 or more, got " + value);
        }
    }

    private static void scaleRange(String minName, double min, String maxName, double max) {
        if (!(min > 0 && min <= max && max <= 1)) {
            throw new IllegalArgumentException("swav config needs 0 < " + minName + " <= " + maxName + " <= 1, got "
                    + min + " and " + max);
        }
    }
}
