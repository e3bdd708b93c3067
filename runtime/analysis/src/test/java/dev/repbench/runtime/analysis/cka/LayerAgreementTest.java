package dev.repbench.runtime.analysis.cka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mean CKA between an encoder's different layers, against closed forms. */
class LayerAgreementTest {
    private static final double EXACT = 1e-12;

    @Test
    void isTheMeanOverPairsOfDifferentLayers() {
        assertEquals((0.8 + 0.3 + 0.5) / 3, LayerAgreement.of(new double[][] {{1, 0.8, 0.3}, {0.8, 1, 0.5},
                {0.3, 0.5, 1}}), EXACT);
        assertEquals(0.0, LayerAgreement.of(new double[][] {{1, 0}, {0, 1}}), EXACT, "independent layers");
        assertEquals(1.0, LayerAgreement.of(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}), EXACT, "one layer thrice");
    }

    @Test
    void overLayersWhoseCkaIsKnown() {
        // layers x, 3x and y: CKA(x, 3x) = 1 (scale invariance), CKA(x, y) = CKA(3x, y) = r² = 25/37 for these
        // one-dimensional features (LinearCkaTest), so the mean over the three pairs is (1 + 50/37) / 3 = 87/111
        double[][] x = {{1}, {2}, {3}, {4}, {5}};
        double[][] x3 = {{3}, {6}, {9}, {12}, {15}};
        double[][] y = {{2}, {1}, {4}, {3}, {6}};
        List<double[][]> layers = List.of(x, x3, y);
        double[][] matrix = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                matrix[i][j] = LinearCka.biased(layers.get(i), layers.get(j));
            }
        }
        assertEquals(87.0 / 111.0, LayerAgreement.of(matrix), EXACT);
    }

    @Test
    void refusesWhatIsNotOneEncodersLayers() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerAgreement.of(new double[][] {{1}}))
                .getMessage().contains("at least two layers"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LayerAgreement.of(new double[][] {{1, 0.5}, {0.5, 1, 0.2}})).getMessage().contains("square"));
        CkaFile between = new CkaFile(1, "test", CkaFile.FORM, "fashion-mnist", "test", null, 64, 16, List.of(32, 32),
                List.of(), false, List.of("a1", "a2"), List.of("b1", "b2"), new double[][] {{0.9, 0.4}, {0.3, 0.8}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerAgreement.of(between)).getMessage()
                .contains("compares two encoders"));
    }
}
