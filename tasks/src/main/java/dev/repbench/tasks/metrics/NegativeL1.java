package dev.repbench.tasks.metrics;

import dev.repbench.api.task.Metric;
import dev.repbench.tasks.losses.ValidPixels;
import dev.repbench.torch.DType;
import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.Arrays;

/**
 * Minus the mean absolute error, for depth.
 *
 * <p>{@link MetricMode#STANDARD}: the mean of |prediction − target| over every valid pixel of the test set (one
 * mean over all pixels, not a mean of batch means), negated. A pixel is valid where the target depth is finite and
 * positive ({@link ValidPixels#isValidDepth}, the rule the depth loss uses), or where an explicit mask says so.
 *
 * <p>{@link MetricMode#VIRB_COMPAT}: ViRB's unmasked L1 — each {@code add} call is one batch, its mean runs over
 * every pixel with missing targets read as 0 (the value ViRB's depth maps held there) and any explicit mask
 * disregarded; the score is minus the mean over batches.
 */
public final class NegativeL1 extends BatchMeanMetric {
    private static final Op WHERE_SCALAR_OTHER = Op.of("aten::where", "ScalarOther");
    private static final Op NAN_TO_NUM = Op.of("aten::nan_to_num");

    private double errorSum;
    private long validPixels;

    private NegativeL1(MetricMode mode) {
        super(Metric.NEG_L1, mode);
    }

    public static NegativeL1 of(MetricMode mode) {
        return new NegativeL1(mode);
    }

    /** One batch; valid pixels are those with finite, positive target depth. */
    public void add(float[] predicted, float[] target) {
        boolean[] valid = new boolean[target.length];
        for (int i = 0; i < target.length; i++) {
            valid[i] = ValidPixels.isValidDepth(target[i]);
        }
        add(predicted, target, valid);
    }

    /**
     * One batch with an explicit mask of valid pixels.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public void add(float[] predicted, float[] target, boolean[] valid) {
        if (predicted.length != target.length || valid.length != target.length) {
            throw new IllegalArgumentException("lengths differ: " + predicted.length + " predictions, " + target.length
                    + " targets, " + valid.length + " mask entries");
        }
        double sum = 0;
        long n = 0;
        double unmaskedSum = 0;
        for (int i = 0; i < target.length; i++) {
            double error = Math.abs((double) predicted[i] - target[i]);
            if (valid[i]) {
                sum += error;
                n++;
            }
            unmaskedSum += Float.isFinite(target[i]) ? error : Math.abs((double) predicted[i]);
        }
        record(sum, n, unmaskedSum, target.length);
    }

    /**
     * One batch from tensors; valid pixels are those with finite, positive target depth.
     *
     * @param predicted {@code [N, 1, H, W]} (or any shape)
     * @param target    the same shape
     */
    public void add(Tensor predicted, Tensor target) {
        try (Scope s = Scope.open()) {
            add(predicted, target, ValidPixels.depthMask(target));
        }
    }

    /** One batch from tensors with an explicit bool mask of {@code target}'s shape. */
    public void add(Tensor predicted, Tensor target, Tensor valid) {
        if (!Arrays.equals(predicted.shape(), target.shape()) || !Arrays.equals(valid.shape(), target.shape())) {
            throw new IllegalArgumentException("shapes differ: " + predicted.describe() + ", " + target.describe() + ", "
                    + valid.describe());
        }
        try (Scope s = Scope.open()) {
            Tensor p = predicted.to(DType.FLOAT64);
            Tensor t = target.to(DType.FLOAT64);
            Tensor error = WHERE_SCALAR_OTHER.call1(valid, p.sub(WHERE_SCALAR_OTHER.call1(valid, t, 0.0)).abs(), 0.0);
            double sum = error.sum().item();
            long n = (long) valid.to(DType.INT64).sum().item();
            // ViRB's view: missing (non-finite) targets read as 0.
            double unmaskedSum = p.sub(NAN_TO_NUM.call1(t, 0.0, 0.0, 0.0)).abs().sum().item();
            record(sum, n, unmaskedSum, target.numel());
        }
    }

    private void record(double sum, long n, double unmaskedSum, long pixels) {
        errorSum += sum;
        validPixels += n;
        if (pixels > 0) {
            addBatchScore(-(unmaskedSum / pixels));
        }
    }

    /** The mean absolute error over the valid pixels so far (standard definition). */
    public double meanAbsoluteError() {
        return validPixels == 0 ? Double.NaN : errorSum / validPixels;
    }



    @Override
    double standardScore() {
        return -meanAbsoluteError();
    }

    /** Valid pixels accumulated. */
    @Override
    public long count() {
        return validPixels;
    }
}
