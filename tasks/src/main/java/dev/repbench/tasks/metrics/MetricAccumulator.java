package dev.repbench.tasks.metrics;

import dev.repbench.api.task.Metric;

/**
 * A test metric accumulated batch by batch over a whole split. Not thread-safe: one accumulator per evaluation.
 */
public sealed interface MetricAccumulator permits BatchMeanMetric, FlowMetrics {
    /** The metric reported (its name and direction go into result records). */
    Metric metric();

    /** How it is computed. */
    MetricMode mode();

    /** The score over everything accumulated so far, oriented as {@link #metric()} says; NaN before any data. */
    double score();

    /** What the score averages over: samples for top-1, labelled (or valid) pixels for the pixelwise metrics. */
    long count();
}
