package dev.repbench.tasks.metrics;

import dev.repbench.api.task.Metric;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Top-1 and −L1 against hand-computed values, in both modes. */
class PixelAndSampleMetricsTest {
    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void top1OverTheSetAndViRBsMeanOfBatches() {
        Top1 standard = Top1.of(MetricMode.STANDARD);
        Top1 compat = Top1.of(MetricMode.VIRB_COMPAT);
        for (Top1 top1 : new Top1[] {standard, compat}) {
            top1.add(new int[] {3}, new int[] {3});
            try (Scope s = Scope.open()) {
                // Argmaxes 1, 0, 2 against labels 1, 1, 1: one right.
                Tensor logits = Tensor.of(new float[] {0, 5, 1, 9, 0, 0, 0, 1, 2}, 3, 3);
                top1.add(logits, Tensor.of(new long[] {1, 1, 1}, 3));
            }
        }
        assertEquals(2, standard.correct());
        assertEquals(4, standard.count());
        assertEquals(0.5, standard.score(), 0.0);
        assertEquals((1.0 + 1.0 / 3) / 2, compat.score(), 1e-15);
        assertEquals(Metric.TOP1, standard.metric());
    }

    @Test
    void negativeL1OverValidPixelsOfTheSet() {
        NegativeL1 metric = NegativeL1.of(MetricMode.STANDARD);
        // Valid: 2 → |1−2| = 1 and 3 → 0; NaN and 0 are missing depth.
        metric.add(new float[] {1, 5, 3, 4}, new float[] {2, Float.NaN, 3, 0});
        // One more valid pixel with error 2: the mean is over pixels (3/3), not over batches ((0.5 + 2)/2).
        metric.add(new float[] {1}, new float[] {3});
        assertEquals(3, metric.count());
        assertEquals(-1.0, metric.score(), 0.0);
        assertEquals(Metric.NEG_L1, metric.metric());

        NegativeL1 masked = NegativeL1.of(MetricMode.STANDARD);
        masked.add(new float[] {1, 2, 3}, new float[] {0, 0, 65535}, new boolean[] {true, true, false});
        assertEquals(-1.5, masked.score(), 0.0);
    }

    @Test
    void negativeL1TensorPathEqualsArrayPath() {
        Torch.manualSeed(3);
        NegativeL1 arrays = NegativeL1.of(MetricMode.STANDARD);
        NegativeL1 tensors = NegativeL1.of(MetricMode.STANDARD);
        NegativeL1 arraysCompat = NegativeL1.of(MetricMode.VIRB_COMPAT);
        NegativeL1 tensorsCompat = NegativeL1.of(MetricMode.VIRB_COMPAT);
        try (Scope s = Scope.open()) {
            Tensor predicted = Tensor.rand(2, 1, 5, 6);
            float[] target = Tensor.rand(2, 1, 5, 6).sub(0.2).toFloatArray();
            target[7] = Float.NaN;
            Tensor targetTensor = Tensor.of(target, 2, 1, 5, 6);
            arrays.add(predicted.toFloatArray(), target);
            tensors.add(predicted, targetTensor);
            arraysCompat.add(predicted.toFloatArray(), target);
            tensorsCompat.add(predicted, targetTensor);
        }
        assertEquals(arrays.count(), tensors.count());
        assertEquals(arrays.score(), tensors.score(), 1e-12);
        assertEquals(arraysCompat.score(), tensorsCompat.score(), 1e-12);
    }

    @Test
    void virbCompatL1CountsMissingPixelsAsZeroDepthAndAveragesBatches() {
        NegativeL1 standard = NegativeL1.of(MetricMode.STANDARD);
        NegativeL1 compat = NegativeL1.of(MetricMode.VIRB_COMPAT);
        for (NegativeL1 m : new NegativeL1[] {standard, compat}) {
            m.add(new float[] {1, 5, 3, 4}, new float[] {2, Float.NaN, 3, 0});
        }
        assertEquals(-0.5, standard.score(), 0.0);
        // ViRB: errors 1, |5 − 0|, 0, |4 − 0| over all four pixels.
        assertEquals(-2.5, compat.score(), 0.0);
        assertTrue(compat.score() < standard.score(), "unmasked L1 charges predictions where there is no ground truth");
    }
}
