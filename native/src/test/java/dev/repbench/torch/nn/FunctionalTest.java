package dev.repbench.torch.nn;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known values, worked by hand, for the operators whose arguments are easy to get wrong. */
class FunctionalTest {
    private Scope scope;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @BeforeEach
    void open() {
        scope = Scope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    @Test
    void crossEntropyIgnoresTheIgnoreIndexAndWeighsClasses() {
        Tensor logits = Tensor.of(new float[] {0, 0, 0, 0}, 2, 2);   // every class has probability 1/2
        Tensor target = Tensor.of(new long[] {0, 1}, 2);
        assertEquals(Math.log(2), Functional.crossEntropy(logits, target).item(), 1e-6);
        Tensor ignoring = Tensor.of(new long[] {0, 255}, 2);
        assertEquals(Math.log(2), Functional.crossEntropy(logits, ignoring, null, 255).item(), 1e-6);
        Tensor weighted = Tensor.of(new float[] {0, 0, 2, 0}, 2, 2);
        Tensor weight = Tensor.of(new float[] {1, 3}, 2);
        // sample 0: class 0, loss log 2, weight 1; sample 1: class 1, loss log(1 + e²), weight 3.
        double expected = (Math.log(2) + 3 * Math.log(1 + Math.exp(2))) / 4;
        assertEquals(expected, Functional.crossEntropy(weighted, target, weight, Functional.NO_IGNORE_INDEX).item(), 1e-5);
        assertEquals(Math.log(2), Functional.nllLoss(logits.logSoftmax(1), target).item(), 1e-6);
    }

    @Test
    void regressionLosses() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor b = Tensor.of(new float[] {1, 4, 0}, 3);
        assertEquals(5.0 / 3, Functional.l1Loss(a, b).item(), 1e-6);
        assertEquals(13.0 / 3, Functional.mseLoss(a, b).item(), 1e-6);
        Tensor logits = Tensor.of(new float[] {0, 100}, 2);
        Tensor targets = Tensor.of(new float[] {1, 1}, 2);
        assertEquals(Math.log(2) / 2, Functional.binaryCrossEntropyWithLogits(logits, targets).item(), 1e-6);
    }

    @Test
    void normalizeAndCosineSimilarity() {
        Tensor x = Tensor.of(new float[] {3, 4, 0, 0}, 2, 2);
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, Functional.normalize(x, 1).toFloatArray(), 1e-6f);
        Tensor y = Tensor.of(new float[] {4, 3, 1, 0}, 2, 2);
        assertEquals(24.0 / 25, Functional.cosineSimilarity(x, y, 1).toFloatArray()[0], 1e-6);
    }

    @Test
    void resamplingAndPooling() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3}, 1, 1, 2, 2);
        // align_corners=False: output pixel j samples source (j + 0.5)/2 − 0.5 = −0.25 (clamped to 0), 0.25, 0.75, 1.25.
        float[] up = Functional.interpolateBilinear(x, 4, 4).toFloatArray();
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, java.util.Arrays.copyOf(up, 4), 1e-6f);
        assertEquals(0.75f * 1 + 0.75f * 2, up[2 * 4 + 2], 1e-6f);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3},
                Functional.interpolateNearest(x, 4, 4).toFloatArray());
        assertArrayEquals(new float[] {1.5f}, Functional.adaptiveAvgPool2d(x, 1, 1).toFloatArray());
        assertArrayEquals(new float[] {3}, Functional.maxPool2d(x, 2, 2, 0).toFloatArray());
        Tensor channels = Tensor.of(new float[] {0, 1, 2, 3}, 1, 4, 1, 1);
        assertArrayEquals(new long[] {1, 1, 2, 2}, Functional.pixelShuffle(channels, 2).shape());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Functional.pixelShuffle(channels, 2).toFloatArray());
    }

    @Test
    void batchNormTrainingUpdatesRunningStatistics() {
        Tensor x = Tensor.of(new float[] {1, 3, 5, 7}, 4, 1, 1, 1);   // mean 4, unbiased variance 20/3
        Tensor mean = Tensor.zeros(1);
        Tensor var = Tensor.ones(1);
        Tensor y = Functional.batchNorm(x, mean, var, null, null, true, 0.1, 0);
        assertEquals(0.4, mean.item(), 1e-6);
        assertEquals(0.9 + 0.1 * 20 / 3, var.item(), 1e-5);
        assertEquals(-3 / Math.sqrt(5), y.toFloatArray()[0], 1e-5);   // biased variance 5 normalises
        Tensor eval = Functional.batchNorm(x, mean, var, null, null, false, 0.1, 0);
        assertEquals((1 - 0.4) / Math.sqrt(var.item()), eval.toFloatArray()[0], 1e-5);
    }

    @Test
    void layersAndActivations() {
        Tensor x = Tensor.of(new float[] {-2, 4}, 1, 2);
        assertArrayEquals(new float[] {-0.2f, 4}, Functional.leakyRelu(x, 0.1).toFloatArray(), 1e-6f);
        Tensor w = Tensor.of(new float[] {1, 1, 0, 2}, 2, 2);
        Tensor b = Tensor.of(new float[] {1, 0}, 2);
        assertArrayEquals(new float[] {3, 8}, Functional.linear(x, w, b).toFloatArray());
        assertArrayEquals(new float[] {-2, 4}, Functional.dropout(x, 0.5, false).toFloatArray());
        Tensor kept = Functional.dropout(Tensor.ones(1000), 0.5, true);
        assertTrue(kept.eq(0.0).sum().item() > 300 && kept.max().item() == 2.0);
        Tensor image = Tensor.ones(1, 1, 3, 3);
        Tensor kernel = Tensor.ones(1, 1, 3, 3);
        assertArrayEquals(new float[] {4, 6, 4, 6, 9, 6, 4, 6, 4},
                Functional.conv2d(image, kernel, null, 1, 1).toFloatArray());
    }
}
