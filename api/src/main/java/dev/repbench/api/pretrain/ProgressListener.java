package dev.repbench.api.pretrain;

/**
 * Receives progress reports from a pretraining run. Algorithms call it from their training thread,
 * typically every few steps; it must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores all reports. */
    ProgressListener NONE = progress -> { };

    /**
     * @param progress the latest report
     */
    void onProgress(TrainingProgress progress);
}
