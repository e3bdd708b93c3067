package dev.repbench.plugins.moco;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.augment.Augmentations;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.train.OptimizerConfig;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MoCo's hyperparameters, read from an {@link AlgorithmConfig}; the defaults are the papers' (ResNet-50 on
 * ImageNet, batch 256 over 8 GPUs, 200 epochs).
 *
 * <p>The learning rate 0.03 is the papers' for a batch of 256; it is not rescaled with the batch size (the linear
 * scaling rule of {@link dev.repbench.plugins.kit.train.LearningRateScaling} would give 0.0075 for a batch of 64:
 * set {@code learning-rate} to use it).
 *
 * <p>The queue: the papers' 65,536 keys. Two rules make it fit a run: it is rounded down to a multiple of the
 * batch size (whole batches are enqueued, as the reference implementation requires), and it never holds more
 * keys than one epoch's batches supply (floor(images / batch) · batch): on a dataset smaller than the queue, the
 * papers' size would fill it with several older keys of every image, each a negative of its own query. The size
 * used is recorded in the encoder's provenance as {@code queue-size}.
 * A {@code queue-size} below the batch size is refused.
 *
 * @param projectionDim     width of the L2-normalised output, 128
 * @param queueSize         keys in the queue, 65,536 (before the two rules above)
 * @param keyMomentum       m of the key encoder's moving average, 0.999
 * @param temperature       τ of the InfoNCE loss: 0.07 (v1), 0.2 (v2)
 * @param mlpHead           a 2-layer MLP head (v2) instead of a linear one (v1)
 * @param projectorHiddenDim the MLP's hidden width, 2048 (the papers', ResNet-50's embedding width)
 * @param optimizer         SGD: the base rate for the whole run, 0.03; momentum 0.9; weight decay 1e-4, on every
 *                          parameter
 * @param schedule          step (v1) or cosine (v2), changed per epoch
 * @param stepMilestones    the step schedule's drops as fractions of the epochs, 0.6 and 0.8 (120 and 160 of 200)
 * @param stepGamma         the step schedule's factor at each drop, 0.1
 * @param shuffleBnGroups   emulated devices for shuffled batch norm; 1 disables it
 * @param augmentationPreset the augmentation preset, moco-v1 or moco-v2 (adds blur)
 * @param cropMinScale      the smallest crop of a view as a fraction of the image's area, 0.2 (the papers'); on
 *                          small images such as Fashion-MNIST's a 0.2 crop can leave out most of the garment
 */
// Arrays compare by identity in the generated equals: settings are read, never compared.
record MocoSettings(int projectionDim, int queueSize, double keyMomentum, double temperature, boolean mlpHead,
                    int projectorHiddenDim, OptimizerConfig optimizer, MocoSchedule.Kind schedule, double[] stepMilestones,
                    double stepGamma, int shuffleBnGroups, MocoVariant augmentationPreset,
                    double cropMinScale) {
    /** Config names; the projection's and optimiser's are the kit's shared ones ({@code feature-dim},
     *  {@code mlp-hidden-dim} and {@code sgd-momentum} before 1.2, still read). */
    public static final String FEATURE_DIMENSION = ProjectionHead.OUTPUT_DIM;
    public static final String QUEUE_SIZE = "queue-size";
    public static final String KEY_MOMENTUM = "key-momentum";
    public static final String TEMPERATURE = "temperature";
    public static final String MLP_HEAD = "mlp-head";
    public static final String MLP_HIDDEN_DIMENSION = ProjectionHead.HIDDEN_DIM;
    public static final String LR_SCHEDULE = "lr-schedule";
    public static final String LR_STEP_MILESTONES = "lr-step-milestones";
    public static final String LR_STEP_GAMMA = "lr-step-gamma";
    public static final String SHUFFLE_BN_GROUPS = "shuffle-bn-groups";
    public static final String AUGMENTATION = "augmentation";
    public static final String CROP_MIN_SCALE = "crop-min-scale";

    /** The papers' optimiser. */
    static final OptimizerConfig OPTIMIZER = OptimizerConfig.sgd(0.03, 0.9, 1e-4);

    /** The groups by default: 4 groups of 16 for this machine's default batch of 64 (the papers: 8 of 32). */
    static final int DEFAULT_SHUFFLE_BN_GROUPS = 4;

    public MocoSettings {
        stepMilestones = stepMilestones.clone();
        requirePositive(FEATURE_DIMENSION, projectionDim);
        requirePositive(QUEUE_SIZE, queueSize);
        requirePositive(MLP_HIDDEN_DIMENSION, projectorHiddenDim);
        requirePositive(SHUFFLE_BN_GROUPS, shuffleBnGroups);
        if (!(keyMomentum >= 0 && keyMomentum <= 1)) {
            throw new IllegalArgumentException(KEY_MOMENTUM + " must be in [0, 1], got " + keyMomentum);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException(TEMPERATURE + " must be > 0, got " + temperature);
        }
        if (!(cropMinScale > 0 && cropMinScale <= 1)) {
            throw new IllegalArgumentException(CROP_MIN_SCALE + " must be in (0, 1] (a fraction of the image's area), got "
                    + cropMinScale);
        }
        if (!(stepGamma >= 0)) {
            throw new IllegalArgumentException(LR_STEP_GAMMA + " must be 0 or more, got " + stepGamma);
        }
        for (int i = 0; i < stepMilestones.length; i++) {
            if (!(stepMilestones[i] > 0 && stepMilestones[i] <= 1) || (i > 0 && stepMilestones[i] <= stepMilestones[i - 1])) {
                throw new IllegalArgumentException(LR_STEP_MILESTONES + " must be increasing fractions of the epochs in (0, 1],"
                        + " got " + Arrays.toString(stepMilestones));
            }
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, got " + value);
        }
    }

    /** @return every hyperparameter's default for {@code variant}, by config name */
    static Map<String, Object> defaults(MocoVariant variant) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(FEATURE_DIMENSION, 128);
        values.put(QUEUE_SIZE, 65_536);
        values.put(KEY_MOMENTUM, 0.999);
        values.put(TEMPERATURE, variant.temperature());
        values.put(MLP_HEAD, variant.mlpHead());
        values.put(MLP_HIDDEN_DIMENSION, 2048);
        OPTIMIZER.addTo(values);
        values.put(LR_SCHEDULE, variant.schedule().id());
        values.put(LR_STEP_MILESTONES, "0.6,0.8");
        values.put(LR_STEP_GAMMA, 0.1);
        values.put(SHUFFLE_BN_GROUPS, DEFAULT_SHUFFLE_BN_GROUPS);
        values.put(AUGMENTATION, variant.id());
        values.put(CROP_MIN_SCALE, Augmentations.MOCO_CROP_MIN_SCALE);
        return values;
    }

    /** @return the settings in {@code config} (which holds every name of {@link #defaults}) */
    static MocoSettings from(AlgorithmConfig config) {
        return new MocoSettings(config.getInt(FEATURE_DIMENSION), config.getInt(QUEUE_SIZE), config.getDouble(KEY_MOMENTUM),
                config.getDouble(TEMPERATURE), config.getBoolean(MLP_HEAD), config.getInt(MLP_HIDDEN_DIMENSION),
                OptimizerConfig.from(config, OptimizerConfig.Kind.SGD), MocoSchedule.Kind.fromId(config.getString(LR_SCHEDULE)), milestones(config.getString(LR_STEP_MILESTONES)),
                config.getDouble(LR_STEP_GAMMA), config.getInt(SHUFFLE_BN_GROUPS),
                MocoVariant.fromId(config.getString(AUGMENTATION)), config.getDouble(CROP_MIN_SCALE));
    }

    private static double[] milestones(String text) {
        if (text.isBlank()) {
            return new double[0];
        }
        try {
            return Arrays.stream(text.split(",")).mapToDouble(part -> Double.parseDouble(part.strip())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LR_STEP_MILESTONES + " must be comma-separated fractions such as 0.6,0.8;"
                    + " got '" + text + "'", e);
        }
    }

    /**
     * The queue this run uses: {@link #queueSize()} rounded down to a multiple of the batch size, at most one
     * epoch's images (see the class comment).
     *
     * @param batchSize      images per step
     * @param trainingImages images in the training set
     * @return the queue size
     */
    int effectiveQueueSize(int batchSize, int trainingImages) {
        if (trainingImages < batchSize) {
            throw new IllegalArgumentException("the training set has " + trainingImages + " images, fewer than one batch of "
                    + batchSize + ": lower batch-size");
        }
        if (queueSize < batchSize) {
            throw new IllegalArgumentException(QUEUE_SIZE + " = " + queueSize + " is smaller than batch-size = " + batchSize
                    + ": the queue must hold at least one batch of keys");
        }
        int imagesPerEpoch = trainingImages / batchSize * batchSize;
        return Math.min(queueSize / batchSize * batchSize, imagesPerEpoch);
    }
}
