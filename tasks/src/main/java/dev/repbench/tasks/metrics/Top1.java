package dev.repbench.tasks.metrics;

import dev.repbench.api.task.Metric;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

/**
 * Top-1 accuracy: the fraction of test samples whose highest-scoring class is the label. In
 * {@link MetricMode#VIRB_COMPAT} the mean of each batch's accuracy (which differs when batches differ in size).
 */
public final class Top1 extends BatchMeanMetric {
    private long correct;
    private long samples;

    private Top1(MetricMode mode) {
        super(Metric.TOP1, mode);
    }

    public static Top1 of(MetricMode mode) {
        return new Top1(mode);
    }

    /**
     * One batch of predicted classes and labels.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public void add(int[] predicted, int[] labels) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        long hits = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                hits++;
            }
        }
        record(hits, labels.length);
    }

    /**
     * One batch of logits; the argmax is taken on the torch side.
     *
     * @param logits {@code [N, C]}
     * @param labels {@code [N]} int64
     */
    public void add(Tensor logits, Tensor labels) {
        if (logits.ndim() != 2 || labels.ndim() != 1 || logits.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("expected [N, C] logits and [N] labels, got " + logits.describe() + " and "
                    + labels.describe());
        }
        long hits;
        try (Scope s = Scope.open()) {
            hits = (long) logits.argmax(1, false).eq(labels).sum().item();
        }
        record(hits, labels.size(0));
    }

    private void record(long hits, long n) {
        if (n == 0) {
            return;
        }
        correct += hits;
        samples += n;
        addBatchScore((double) hits / n);
    }

    /** Samples whose prediction was right. */
    public long correct() {
        return correct;
    }



    @Override
    double standardScore() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    @Override
    public long count() {
        return samples;
    }
}
