package dev.repbench.api.pretrain;

/**
 * A progress report during pretraining.
 *
 * @param step            optimiser steps done, {@code 0..totalSteps}
 * @param totalSteps      steps the whole run will take, at least 1
 * @param loss            the current (e.g. smoothed) training loss; NaN is allowed and means it diverged, or that the
 *                        run computes no loss (a pass that trains nothing, such as {@code random-init}'s)
 * @param imagesPerSecond recent throughput, 0 or more
 */
public record TrainingProgress(long step, long totalSteps, double loss, double imagesPerSecond) {

    /**
     * @throws IllegalArgumentException if steps are out of range or the throughput is negative or NaN
     */
    public TrainingProgress {
        if (totalSteps < 1 || step < 0 || step > totalSteps) {
            throw new IllegalArgumentException("step must be in 0.." + totalSteps + " with totalSteps >= 1, got " + step);
        }
        if (!(imagesPerSecond >= 0)) {
            throw new IllegalArgumentException("images per second must be 0 or more, got " + imagesPerSecond);
        }
    }

    /** @return the fraction done, in [0, 1] */
    public double fractionDone() {
        return (double) step / totalSteps;
    }
}
