package dev.repbench.tasks.metrics;

import dev.repbench.api.task.Metric;
import java.util.Objects;

/**
 * A metric with the two modes of {@link MetricMode}: its standard definition over the whole split, or, as the study's
 * code computed it, the mean over batches of each batch's own score. Subclasses accumulate what the standard
 * definition needs and hand each batch's score to {@link #addBatchScore}.
 */
public abstract sealed class BatchMeanMetric implements MetricAccumulator permits Top1, MeanIoU, NegativeL1 {
    private final Metric metric;
    private final MetricMode mode;
    private double batchScoreSum;
    private long batches;

    BatchMeanMetric(Metric metric, MetricMode mode) {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** Counts one batch's score towards the {@link MetricMode#VIRB_COMPAT} mean. */
    final void addBatchScore(double score) {
        batchScoreSum += score;
        batches++;
    }

    /** @return the score by the standard definition, over everything accumulated; NaN before any data */
    abstract double standardScore();

    @Override
    public final Metric metric() {
        return metric;
    }

    @Override
    public final MetricMode mode() {
        return mode;
    }

    @Override
    public final double score() {
        return switch (mode) {
            case STANDARD -> standardScore();
            case VIRB_COMPAT -> batches == 0 ? Double.NaN : batchScoreSum / batches;
        };
    }
}
