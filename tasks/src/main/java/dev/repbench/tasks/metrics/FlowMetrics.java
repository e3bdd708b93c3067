package dev.repbench.tasks.metrics;

import dev.repbench.api.data.FlowMap;
import dev.repbench.api.task.Metric;
import dev.repbench.tasks.losses.ValidPixels;
import dev.repbench.torch.DType;
import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.Arrays;

/**
 * Optical-flow metrics of KITTI 2015 over the valid pixels of the whole test set: the end-point error (EPE, the
 * Euclidean distance between predicted and true flow vectors) and Fl-all, the fraction of outliers — pixels whose
 * EPE exceeds both {@value #ABSOLUTE_THRESHOLD_PX} px and {@value #RELATIVE_THRESHOLD} of the true flow's
 * magnitude (written {@code EPE > 0.05 · |flow|}, so a zero true flow needs only the 3 px test). The score is
 * 1 − Fl-all. Computed in double precision from float inputs. A pixel is valid where its true flow is finite
 * (NaN marks KITTI's invalid pixels).
 *
 * <p>{@link MetricMode#VIRB_COMPAT} computes the same: ViRB's "KITTI flow" scored brightness of the flow
 * visualisation within 0.05, which is not a flow metric and is not reproduced.
 */
public final class FlowMetrics implements MetricAccumulator {
    /** An outlier's end-point error exceeds this many pixels… */
    public static final double ABSOLUTE_THRESHOLD_PX = 3.0;
    /** …and this fraction of the true flow's magnitude. */
    public static final double RELATIVE_THRESHOLD = 0.05;

    private static final Op WHERE_SCALAR_OTHER = Op.of("aten::where", "ScalarOther");
    private static final Op LOGICAL_AND = Op.of("aten::logical_and");
    private static final Op GT_TENSOR = Op.of("aten::gt", "Tensor");
    private static final Op GT_SCALAR = Op.of("aten::gt", "Scalar");

    private final MetricMode mode;
    private long validPixels;
    private long outliers;
    private double epeSum;

    private FlowMetrics(MetricMode mode) {
        this.mode = mode;
    }

    public static FlowMetrics of(MetricMode mode) {
        return new FlowMetrics(mode);
    }

    /** Whether a pixel with end-point error {@code epe} and true flow magnitude {@code magnitude} is an outlier. */
    public static boolean isOutlier(double epe, double magnitude) {
        return epe > ABSOLUTE_THRESHOLD_PX && epe > RELATIVE_THRESHOLD * magnitude;
    }

    /**
     * One image.
     *
     * @param truth     the true flow (NaN where invalid)
     * @param predicted {@code 2·H·W} values laid out as {@link FlowMap#uv()}: the u plane, then the v plane
     */
    public void add(FlowMap truth, float[] predicted) {
        add(predicted, truth.uv(), 1);
    }

    /**
     * A batch of {@code images} flows, each {@code [2, H, W]} (u plane then v plane), concatenated.
     *
     * @throws IllegalArgumentException if the lengths differ or do not split into {@code images} two-plane images
     */
    public void add(float[] predicted, float[] truth, int images) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(predicted.length + " predicted values for " + truth.length + " true values");
        }
        if (images < 1 || truth.length % (2 * images) != 0) {
            throw new IllegalArgumentException(truth.length + " values do not split into " + images + " two-plane images");
        }
        int plane = truth.length / (2 * images);
        for (int n = 0; n < images; n++) {
            int u0 = 2 * n * plane;
            int v0 = u0 + plane;
            for (int i = 0; i < plane; i++) {
                float tu = truth[u0 + i];
                float tv = truth[v0 + i];
                if (!ValidPixels.isValidFlow(tu, tv)) {
                    continue;
                }
                double du = (double) predicted[u0 + i] - tu;
                double dv = (double) predicted[v0 + i] - tv;
                double epe = Math.sqrt(du * du + dv * dv);
                double magnitude = Math.sqrt((double) tu * tu + (double) tv * tv);
                validPixels++;
                epeSum += epe;
                if (isOutlier(epe, magnitude)) {
                    outliers++;
                }
            }
        }
    }

    /**
     * One batch from tensors; the per-pixel errors are computed on the torch side (double precision).
     *
     * @param predicted {@code [N, 2, H, W]}
     * @param truth     {@code [N, 2, H, W]}, NaN in both components where invalid
     */
    public void add(Tensor predicted, Tensor truth) {
        if (!Arrays.equals(predicted.shape(), truth.shape())) {
            throw new IllegalArgumentException("shapes differ: " + predicted.describe() + " vs " + truth.describe());
        }
        try (Scope s = Scope.open()) {
            Tensor valid = ValidPixels.flowMask(truth);
            Tensor t = truth.to(DType.FLOAT64);
            Tensor d = predicted.to(DType.FLOAT64).sub(t);
            Tensor epe = d.mul(d).sum(1, false).sqrt();
            Tensor magnitude = t.mul(t).sum(1, false).sqrt();
            Tensor outlier = LOGICAL_AND.call1(LOGICAL_AND.call1(valid, GT_SCALAR.call1(epe, ABSOLUTE_THRESHOLD_PX)),
                    GT_TENSOR.call1(epe, magnitude.mul(RELATIVE_THRESHOLD)));
            validPixels += (long) valid.to(DType.INT64).sum().item();
            outliers += (long) outlier.to(DType.INT64).sum().item();
            epeSum += WHERE_SCALAR_OTHER.call1(valid, epe, 0.0).sum().item();
        }
    }

    /** Outlier pixels so far. */
    public long outliers() {
        return outliers;
    }

    /** Fl-all: outliers / valid pixels; NaN before any valid pixel. */
    public double flAll() {
        return validPixels == 0 ? Double.NaN : (double) outliers / validPixels;
    }

    /** The mean end-point error over the valid pixels, in pixels. */
    public double meanEndPointError() {
        return validPixels == 0 ? Double.NaN : epeSum / validPixels;
    }

    @Override
    public Metric metric() {
        return Metric.ONE_MINUS_FL_ALL;
    }

    @Override
    public MetricMode mode() {
        return mode;
    }

    /** 1 − Fl-all (the same in both modes). */
    @Override
    public double score() {
        return 1.0 - flAll();
    }

    /** Valid pixels accumulated. */
    @Override
    public long count() {
        return validPixels;
    }
}
