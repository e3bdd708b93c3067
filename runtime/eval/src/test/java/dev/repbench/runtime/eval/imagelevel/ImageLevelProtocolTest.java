package dev.repbench.runtime.eval.imagelevel;

import dev.repbench.api.Device;
import dev.repbench.runtime.eval.Curves;
import dev.repbench.runtime.eval.InputResolution;
import dev.repbench.runtime.eval.ProtocolConfig;

import dev.repbench.tasks.metrics.MetricMode;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The linear protocol learns separable embeddings, and one seed gives one result. */
class ImageLevelProtocolTest {
    private static final int DIM = 16;
    private static final int CLASSES = 4;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    /** Class c's embeddings scatter around a random centre: separable, but not trivially at epoch 0. */
    private static LabelledEmbeddings clusters(int n, long seed) {
        Random centres = new Random(42);
        float[][] centre = new float[CLASSES][DIM];
        for (float[] c : centre) {
            for (int d = 0; d < DIM; d++) {
                c[d] = (float) centres.nextGaussian() * 2;
            }
        }
        Random random = new Random(seed);
        float[] x = new float[n * DIM];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int d = 0; d < DIM; d++) {
                x[i * DIM + d] = centre[y[i]][d] + (float) random.nextGaussian();
            }
        }
        return new LabelledEmbeddings(x, y, DIM);
    }

    private static Curves run(long seed, int epochs) {
        // a larger learning rate than the study's so a few epochs suffice
        ProtocolConfig config = new ProtocolConfig(3e-2, epochs, 32, 0, 0.1, 10, MetricMode.STANDARD, InputResolution.ENCODER);
        return ImageLevelProtocol.trainLinear(clusters(400, 1), clusters(80, 2), clusters(200, 3), CLASSES, config, seed, Device.CPU);
    }

    @Test
    void aLinearProbeLearnsSeparableEmbeddings() {
        Curves outcome = run(1, 5);
        assertEquals(5, outcome.testCurve().length);
        assertTrue(outcome.selection().testAtBestValidation() > 0.9, "test top-1 " + outcome.selection());
    }

    @Test
    void theSameSeedGivesBitIdenticalCurves() {
        Curves a = run(7, 3);
        Curves b = run(7, 3);
        assertArrayEquals(a.validationCurve(), b.validationCurve());
        assertArrayEquals(a.testCurve(), b.testCurve());
    }
}
