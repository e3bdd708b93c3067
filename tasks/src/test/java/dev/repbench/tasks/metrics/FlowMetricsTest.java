package dev.repbench.tasks.metrics;

import dev.repbench.api.data.FlowMap;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowMetricsTest {
    private static final float NAN = Float.NaN;
    private static final float STEP = 1f / 64;  // KITTI's flow resolution
    // Eight pixels in one row: true flow (u, v) and predicted flow.
    //  0: |f| 60, error 3 exactly (= 3 px = 5 %)        → inlier
    //  1: |f| 80, error 4 exactly (> 3 px, = 5 %)       → inlier
    //  2: |f| 80, error 4 + 1/64                        → outlier
    //  3: |f| 0, error 3 exactly                        → inlier
    //  4: |f| 0, error √(9 + 1/4096) > 3, 5 % of 0 = 0  → outlier
    //  5: |f| 10, error 3 + 1/16                        → outlier
    //  6: |f| 100, error (3, 4): 5 exactly (= 5 %)      → inlier
    //  7: no ground truth, error huge                   → not counted
    private static final float[] TRUTH_U = {60, 80, 80, 0, 0, 10, 100, NAN};
    private static final float[] TRUTH_V = {0, 0, 0, 0, 0, 0, 0, NAN};
    private static final float[] PRED_U = {63, 84, 84 + STEP, 3, 3, 10, 103, 1000};
    private static final float[] PRED_V = {0, 0, 0, 0, STEP, 3 + 4 * STEP, 4, 1000};

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    private static float[] planes(float[] u, float[] v) {
        float[] uv = new float[u.length * 2];
        System.arraycopy(u, 0, uv, 0, u.length);
        System.arraycopy(v, 0, uv, u.length, v.length);
        return uv;
    }

    @Test
    void outliersAtTheThreePixelAndFivePercentBoundaries() {
        FlowMetrics metrics = FlowMetrics.of(MetricMode.STANDARD);
        metrics.add(new FlowMap(1, 8, planes(TRUTH_U, TRUTH_V)), planes(PRED_U, PRED_V));
        assertEquals(7, metrics.count());
        assertEquals(3, metrics.outliers());
        assertEquals(3.0 / 7, metrics.flAll(), 0.0);
        assertEquals(1 - 3.0 / 7, metrics.score(), 0.0);
        double epe = 3 + 4 + (4 + 1.0 / 64) + 3 + Math.sqrt(9 + 1.0 / 4096) + (3 + 1.0 / 16) + 5;
        assertEquals(epe / 7, metrics.meanEndPointError(), 1e-15);
        assertFalse(FlowMetrics.isOutlier(3.0, 0.0));
        assertTrue(FlowMetrics.isOutlier(Math.nextUp(3.0), 0.0));
        assertFalse(FlowMetrics.isOutlier(5.0, 100.0));
    }

    @Test
    void tensorPathCountsTheSame() {
        FlowMetrics metrics = FlowMetrics.of(MetricMode.STANDARD);
        try (Scope s = Scope.open()) {
            Tensor truth = Tensor.of(planes(TRUTH_U, TRUTH_V), 1, 2, 1, 8);
            Tensor predicted = Tensor.of(planes(PRED_U, PRED_V), 1, 2, 1, 8);
            metrics.add(predicted, truth);
        }
        assertEquals(7, metrics.count());
        assertEquals(3, metrics.outliers());
        double epe = 3 + 4 + (4 + 1.0 / 64) + 3 + Math.sqrt(9 + 1.0 / 4096) + (3 + 1.0 / 16) + 5;
        assertEquals(epe / 7, metrics.meanEndPointError(), 1e-12);
    }

    @Test
    void accumulatesOverTheSetAndIsTheSameInBothModes() {
        FlowMetrics standard = FlowMetrics.of(MetricMode.STANDARD);
        FlowMetrics compat = FlowMetrics.of(MetricMode.VIRB_COMPAT);
        for (FlowMetrics m : new FlowMetrics[] {standard, compat}) {
            // Batch 1: one outlier of one pixel; batch 2: no outlier among three.
            m.add(new float[] {10, 0}, new float[] {0, 0}, 1);
            m.add(new float[] {1, 2, 3, 0, 0, 0}, new float[] {1, 2, 3, 0, 0, 0}, 1);
        }
        assertEquals(0.25, standard.flAll(), 0.0, "one outlier over four pixels, not the mean of 1 and 0");
        assertEquals(standard.score(), compat.score(), 0.0);
        assertTrue(Double.isNaN(FlowMetrics.of(MetricMode.STANDARD).score()));
    }
}
