package dev.repbench.plugins.kit.train;

import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.api.pretrain.TrainingProgress;

/**
 * Smooths the loss (exponential moving average) and measures throughput, reporting to a
 * {@link ProgressListener} every {@code interval} steps and at the last step.
 */
final class ProgressMeter {
    private static final double SMOOTHING = 0.9;

    private final ProgressListener listener;
    private final long totalSteps;
    private final int interval;
    private final long startNanos = System.nanoTime();
    private final long firstStep;
    private double smoothedLoss = Double.NaN;
    private double lastLoss = Double.NaN;
    private long windowStartNanos = startNanos;
    private long windowImages;
    private long totalImages;

    ProgressMeter(ProgressListener listener, long firstStep, long totalSteps, int interval) {
        this.listener = listener;
        this.firstStep = firstStep;
        this.totalSteps = totalSteps;
        this.interval = interval;
    }

    /** Records a finished step ({@code stepsDone} counts it) and reports when due. */
    void stepDone(long stepsDone, double loss, int images) {
        lastLoss = loss;
        smoothedLoss = Double.isNaN(smoothedLoss) ? loss : SMOOTHING * smoothedLoss + (1 - SMOOTHING) * loss;
        windowImages += images;
        totalImages += images;
        if ((stepsDone - firstStep) % interval == 0 || stepsDone == totalSteps) {
            long now = System.nanoTime();
            double seconds = Math.max(1e-9, (now - windowStartNanos) / 1e9);
            listener.onProgress(new TrainingProgress(stepsDone, totalSteps, smoothedLoss, windowImages / seconds));
            windowStartNanos = now;
            windowImages = 0;
        }
    }

    double smoothedLoss() {
        return smoothedLoss;
    }

    double lastLoss() {
        return lastLoss;
    }

    /** @return images per second over the steps this meter saw, 0 before any */
    double averageImagesPerSecond() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return totalImages == 0 ? 0 : totalImages / Math.max(1e-9, seconds);
    }
}
