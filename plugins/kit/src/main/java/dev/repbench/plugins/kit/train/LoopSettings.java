package dev.repbench.plugins.kit.train;

import dev.repbench.api.pretrain.AlgorithmConfig;

/**
 * The loop's settings that every method shares. Every algorithm's default config carries them under these
 * names ({@link #addDefaults}), so a run spec can override them like any hyperparameter.
 *
 * @param batchSize  images per step, at least 2
 * @param imageSide  every training image is first brought to {@code imageSide × imageSide} RGB (grey replicated,
 *                   resized keeping the aspect, centre-cropped) before augmentation, at least 8
 * @param workers    loader threads that decode and prefetch batches, at least 1
 */
public record LoopSettings(int batchSize, int imageSide, int workers) {
    /** Config names. */
    public static final String BATCH_SIZE = "batch-size";
    public static final String IMAGE_SIDE = "image-side";
    public static final String WORKERS = "loader-workers";

    public LoopSettings {
        if (batchSize < 2 || imageSide < 8 || workers < 1) {
            throw new IllegalArgumentException("batch-size must be 2 or more, image-side 8 or more and loader-workers 1 or more; got "
                    + batchSize + ", " + imageSide + ", " + workers);
        }
    }

    /** @return the settings in {@code config} */
    public static LoopSettings from(AlgorithmConfig config) {
        return new LoopSettings(config.getInt(BATCH_SIZE), config.getInt(IMAGE_SIDE), config.getInt(WORKERS));
    }

    /**
     * @param values   an algorithm's default values, to which the loop's are added
     * @param defaults the loop settings' defaults for this algorithm
     */
    public static void addDefaults(java.util.Map<String, Object> values, LoopSettings defaults) {
        values.put(BATCH_SIZE, defaults.batchSize());
        values.put(IMAGE_SIDE, defaults.imageSide());
        values.put(WORKERS, defaults.workers());
    }
}
