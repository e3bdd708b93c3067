package dev.repbench.tasks.losses;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each loss against its closed form on values small enough to work by hand. */
class LossesTest {
    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    private static double logSumExp(double... x) {
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v);
        }
        return Math.log(sum);
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmax() {
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.of(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
            Tensor labels = Tensor.of(new long[] {2, 0}, 2);
            double expected = ((logSumExp(1, 2, 3) - 3) + (logSumExp(0, 0, 0) - 0)) / 2;
            assertEquals(expected, Losses.crossEntropy(logits, labels).item(), 1e-6);
        }
    }

    @Test
    void pixelwiseCrossEntropySkipsIgnoredPixelsAndWeighsClasses() {
        try (Scope s = Scope.open()) {
            // One image 1×3, two classes; pixel logits (a, b) per pixel.
            Tensor logits = Tensor.of(new float[] {2, 0, -1, /* class 1: */ 0, 1, 3}, 1, 2, 1, 3);
            Tensor labels = Tensor.of(new long[] {0, 1, 255}, 1, 1, 3);
            double l0 = logSumExp(2, 0) - 2;
            double l1 = logSumExp(0, 1) - 1;
            assertEquals((l0 + l1) / 2, Losses.pixelwiseCrossEntropy(logits, labels, 255).item(), 1e-6);
            Tensor weights = Tensor.of(new float[] {1, 3}, 2);
            assertEquals((1 * l0 + 3 * l1) / 4, Losses.pixelwiseCrossEntropy(logits, labels, 255, weights).item(), 1e-6);
        }
    }

    @Test
    void pixelwiseCrossEntropyOfAFullyIgnoredBatchIsZeroNotNaN() {
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.randn(1, 3, 2, 2).requiresGrad(true);
            Tensor labels = Tensor.of(new long[] {255, 255, 255, 255}, 1, 2, 2);
            Tensor loss = Losses.pixelwiseCrossEntropy(logits, labels, 255);
            assertEquals(0.0, loss.item(), 0.0);
            loss.backward();
            assertEquals(0.0, logits.grad().abs().sum().item(), 0.0);
        }
    }

    @Test
    void binaryCrossEntropyFromLogits() {
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.of(new float[] {0, 2}, 2);
            Tensor targets = Tensor.of(new float[] {1, 0}, 2);
            double expected = (Math.log(2) + Math.log(1 + Math.exp(2))) / 2;
            assertEquals(expected, Losses.binaryCrossEntropy(logits, targets).item(), 1e-6);
        }
    }

    @Test
    void depthL1CountsOnlyFinitePositiveTargetsAndKeepsGradientsFinite() {
        try (Scope s = Scope.open()) {
            Tensor prediction = Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 1, 5).requiresGrad(true);
            Tensor target = Tensor.of(new float[] {1.5f, Float.NaN, 0, -1, 7}, 1, 1, 1, 5);
            Tensor loss = Losses.depthL1(prediction, target);
            assertEquals((0.5 + 2.0) / 2, loss.item(), 1e-6);
            loss.backward();
            float[] grad = prediction.grad().toFloatArray();
            assertEquals(-0.5f, grad[0]);
            assertEquals(0f, grad[1], "a NaN target sends no NaN into the gradient");
            assertEquals(0f, grad[2]);
            assertEquals(0f, grad[3]);
            assertEquals(-0.5f, grad[4]);
        }
    }

    @Test
    void maskedL1WithAnExplicitMaskAndNothingValid() {
        try (Scope s = Scope.open()) {
            Tensor prediction = Tensor.of(new float[] {1, 2, 3}, 3);
            Tensor target = Tensor.of(new float[] {0, 0, 65535}, 3);
            Tensor mask = Tensor.of(new byte[] {1, 1, 0}, 3).to(dev.repbench.torch.DType.BOOL);
            assertEquals(1.5, Losses.maskedL1(prediction, target, mask).item(), 1e-6);
            Tensor none = Tensor.of(new byte[] {0, 0, 0}, 3).to(dev.repbench.torch.DType.BOOL);
            assertEquals(0.0, Losses.maskedL1(prediction, target, none).item());
        }
    }

    @Test
    void flowL1AveragesBothComponentsOfValidPixels() {
        try (Scope s = Scope.open()) {
            // Two pixels; the second has no ground truth.
            Tensor prediction = Tensor.of(new float[] {1, 9, /* v: */ 2, 9}, 1, 2, 1, 2);
            Tensor target = Tensor.of(new float[] {0, Float.NaN, /* v: */ 4, Float.NaN}, 1, 2, 1, 2);
            double loss = Losses.flowL1(prediction, target).item();
            assertEquals((1 + 2) / 2.0, loss, 1e-6);
            assertFalse(Double.isNaN(loss));
            boolean[] valid = {true, false};
            float[] mask = ValidPixels.flowMask(target).to(dev.repbench.torch.DType.FLOAT32).toFloatArray();
            for (int i = 0; i < valid.length; i++) {
                assertEquals(valid[i], mask[i] == 1f);
            }
            assertTrue(ValidPixels.isValidDepth(0.1f));
            assertFalse(ValidPixels.isValidDepth(Float.POSITIVE_INFINITY));
        }
    }
}
