package dev.repbench.tasks.metrics;

import dev.repbench.api.task.Metric;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeanIoUTest {
    private static final int IGNORE = 255;
    // A 3×3 image; the pixel at (2, 0) is unlabelled.
    private static final int[] LABELS = {0, 0, 1, 1, 1, 2, IGNORE, 2, 0};
    private static final int[] PREDICTED = {0, 1, 1, 1, 2, 2, 0, 2, 0};

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void confusionMatrixAndIoUOnAThreeByThreeToy() {
        MeanIoU miou = MeanIoU.of(3, IGNORE, MetricMode.STANDARD);
        miou.add(PREDICTED, LABELS);
        assertArrayEquals(new long[] {2, 1, 0}, miou.confusionMatrix()[0]);
        assertArrayEquals(new long[] {0, 2, 1}, miou.confusionMatrix()[1]);
        assertArrayEquals(new long[] {0, 0, 2}, miou.confusionMatrix()[2]);
        assertEquals(8, miou.count(), "the ignored pixel is dropped");
        // class 0: I 2, P 2, G 3 → 2/3; class 1: I 2, P 3, G 3 → 2/4; class 2: I 2, P 3, G 2 → 2/3.
        assertEquals(2.0 / 3, miou.iou(0), 1e-15);
        assertEquals(0.5, miou.iou(1), 1e-15);
        assertEquals(2.0 / 3, miou.iou(2), 1e-15);
        assertEquals(11.0 / 18, miou.score(), 1e-15);
        assertEquals(Metric.MIOU, miou.metric());
    }

    @Test
    void classesNeitherLabelledNorPredictedAreLeftOutButPredictedOnlyClassesCountZero() {
        MeanIoU withAbsentClass = MeanIoU.of(4, IGNORE, MetricMode.STANDARD);
        withAbsentClass.add(PREDICTED, LABELS);
        assertTrue(Double.isNaN(withAbsentClass.iou(3)));
        assertEquals(11.0 / 18, withAbsentClass.score(), 1e-15);

        MeanIoU predictedOnly = MeanIoU.of(4, IGNORE, MetricMode.STANDARD);
        int[] predicted = PREDICTED.clone();
        predicted[0] = 3;  // a class never labelled: IoU 0, in the mean
        predictedOnly.add(predicted, LABELS);
        assertEquals(0.0, predictedOnly.iou(3));
        // class 0 is now I 1, P 1, G 3 → 1/3.
        assertEquals((1.0 / 3 + 0.5 + 2.0 / 3 + 0.0) / 4, predictedOnly.score(), 1e-15);
    }

    @Test
    void accumulatesOverTheSetNotPerBatch() {
        MeanIoU split = MeanIoU.of(3, IGNORE, MetricMode.STANDARD);
        split.add(java.util.Arrays.copyOfRange(PREDICTED, 0, 4), java.util.Arrays.copyOfRange(LABELS, 0, 4));
        split.add(java.util.Arrays.copyOfRange(PREDICTED, 4, 9), java.util.Arrays.copyOfRange(LABELS, 4, 9));
        assertEquals(11.0 / 18, split.score(), 1e-15);
        assertTrue(Double.isNaN(MeanIoU.of(3, IGNORE, MetricMode.STANDARD).score()), "NaN before any data");
    }

    @Test
    void refusesLabelsAndPredictionsOutOfRange() {
        MeanIoU miou = MeanIoU.of(3, IGNORE, MetricMode.STANDARD);
        assertThrows(IllegalArgumentException.class, () -> miou.add(new int[] {0}, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> miou.add(new int[] {5}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> MeanIoU.of(3, 2, MetricMode.STANDARD));
        try (Scope s = Scope.open()) {
            Tensor labels = Tensor.of(new long[] {0, 7}, 1, 1, 2);
            assertThrows(IllegalArgumentException.class, () -> miou.addPredicted(Tensor.of(new long[] {0, 0}, 1, 1, 2), labels));
        }
        assertEquals(0, miou.count(), "a refused batch adds nothing");
    }

    @Test
    void tensorPathEqualsArrayPathInBothModes() {
        Torch.manualSeed(11);
        MeanIoU arrays = MeanIoU.of(5, IGNORE, MetricMode.STANDARD);
        MeanIoU tensors = MeanIoU.of(5, IGNORE, MetricMode.STANDARD);
        MeanIoU arraysCompat = MeanIoU.of(5, IGNORE, MetricMode.VIRB_COMPAT);
        MeanIoU tensorsCompat = MeanIoU.of(5, IGNORE, MetricMode.VIRB_COMPAT);
        for (int batch = 0; batch < 3; batch++) {
            try (Scope s = Scope.open()) {
                Tensor logits = Tensor.randn(3, 5, 6, 7);
                Tensor labels = Tensor.randint(0, 5, 3, 6, 7);
                Tensor unlabelled = Tensor.rand(3, 6, 7).lt(0.1);
                labels = Tensor.where(unlabelled, Tensor.full(IGNORE, DType.INT64, dev.repbench.api.Device.CPU), labels);
                tensors.add(logits, labels);
                tensorsCompat.add(logits, labels);
                int[] predicted = logits.argmax(1, false).toIntArray();
                arrays.add(predicted, labels.toIntArray(), 3);
                arraysCompat.add(predicted, labels.toIntArray(), 3);
            }
        }
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(arrays.confusionMatrix()[t], tensors.confusionMatrix()[t]);
        }
        assertEquals(arrays.score(), tensors.score(), 0.0);
        assertEquals(arraysCompat.score(), tensorsCompat.score(), 0.0);
        assertEquals(arrays.count(), tensors.count());
    }

    @Test
    void virbCompatSkipsClassZeroAndScoresAbsentClassesAsOnePerImage() {
        // One batch of three 1×4 images. A: all 1, right. B: all 0, predicted 1. C: all 2, right.
        int[] labels = {1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2};
        int[] predicted = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
        MeanIoU standard = MeanIoU.of(3, IGNORE, MetricMode.STANDARD);
        MeanIoU compat = MeanIoU.of(3, IGNORE, MetricMode.VIRB_COMPAT);
        standard.add(predicted, labels, 3);
        compat.add(predicted, labels, 3);
        // Standard: class 0 → 0, class 1 → 4/8, class 2 → 1.
        assertEquals(0.5, standard.score(), 1e-15);
        // ViRB: class 0 skipped; class 1 per image 1, ~0, 1 (C has no class 1: ε/ε); class 2 per image 1, 1, 1.
        double eps = MeanIoU.VIRB_EPSILON;
        double class1 = (1.0 + eps / (4 + eps) + 1.0) / 3;
        assertEquals((class1 + 1.0) / 2, compat.score(), 1e-12);
        assertTrue(compat.score() > standard.score() + 0.3, "ViRB's choices flatter a head that misses class 0");
        assertEquals(MetricMode.VIRB_COMPAT, compat.mode());
    }
}
