package dev.repbench.runtime.analysis.cka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known answers from REFERENCE.md ("CKA known answers") to 1e-12, and CKA's invariances. */
class LinearCkaTest {
    private static final double EXACT = 1e-12;

    static final double[][] X6 = {{1, 2}, {3, 4}, {5, 6}, {7, 9}, {2, -1}, {0, 3}};
    static final double[][] Y6 = {{1, 0, 2}, {0, 1, 1}, {2, 2, 0}, {1, 3, 1}, {4, 0, 1}, {2, 1, 3}};
    static final double[][] X8 = append(X6, new double[][] {{4, 4}, {-2, 1}});
    static final double[][] Y8 = append(Y6, new double[][] {{0, 0, 1}, {3, 1, 2}});

    @Test
    void oneDimensionalCkaIsSquaredPearsonCorrelation() {
        double[][] x = column(1, 2, 3, 4, 5);
        double[][] y = column(2, 1, 4, 3, 6);
        assertEquals(25.0 / 37.0, LinearCka.biased(x, y), EXACT);
        assertEquals(0.6756756756756757, LinearCka.biasedFromGrams(LinearCka.gram(x), LinearCka.gram(y)), EXACT);
    }

    @Test
    void centredOrthogonalVectorsHaveZeroCka() {
        double[][] x = column(1, -1, 1, -1);
        double[][] y = column(1, 1, -1, -1);
        assertEquals(0.0, LinearCka.biased(x, y), EXACT);
        assertEquals(0.0, LinearCka.biasedFromGrams(LinearCka.gram(x), LinearCka.gram(y)), EXACT);
    }

    @Test
    void sixByTwoAgainstSixByThree() {
        assertEquals(0.7414599350446113, LinearCka.biased(X6, Y6), EXACT);
        assertEquals(0.7414599350446113, LinearCka.biasedFromGrams(LinearCka.gram(X6), LinearCka.gram(Y6)), EXACT);
        assertEquals(0.6904832503998588, LinearCka.debiased(X6, Y6), EXACT);
        assertEquals(0.6904832503998588, LinearCka.debiasedFromGrams(LinearCka.gram(X6), LinearCka.gram(Y6)), EXACT);
        double[][] stretched = scaleColumns(X6, 1, 10);
        assertEquals(0.7172244137322112, LinearCka.biased(stretched, Y6), EXACT);
        assertEquals(0.7172244137322112,
                LinearCka.biasedFromGrams(LinearCka.gram(stretched), LinearCka.gram(Y6)), EXACT);
    }

    @Test
    void eightRowExtension() {
        assertEquals(0.6185665023639227, LinearCka.biased(X8, Y8), EXACT);
        assertEquals(0.6185665023639227, LinearCka.biasedFromGrams(LinearCka.gram(X8), LinearCka.gram(Y8)), EXACT);
        assertEquals(0.539537250196127, LinearCka.debiased(X8, Y8), EXACT);
    }

    @Test
    void featureAndGramFormsAgreeOnRandomData() {
        Random random = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            double[][] x = randomMatrix(random, 30, 5 + trial);
            double[][] y = randomMatrix(random, 30, 12 - trial);
            assertEquals(LinearCka.biased(x, y), LinearCka.biasedFromGrams(LinearCka.gram(x), LinearCka.gram(y)),
                    EXACT);
        }
    }

    @Test
    void ckaOfARepresentationWithItselfIsOne() {
        Random random = new Random(1);
        double[][] x = randomMatrix(random, 20, 7);
        assertEquals(1.0, LinearCka.biased(x, x), EXACT);
        assertEquals(1.0, LinearCka.debiased(x, x), EXACT);
    }

    @Test
    void invariantToOrthogonalTransformsIsotropicScalingAndShifts() {
        Random random = new Random(2);
        double[][] x = randomMatrix(random, 25, 3);
        double[][] y = randomMatrix(random, 25, 4);
        double biased = LinearCka.biased(x, y);
        double debiased = LinearCka.debiased(x, y);
        double[][] q = rotation3(0.3, -1.1, 2.0);
        double[][] transformed = shift(scale(multiply(x, q), 7.5), new double[] {3, -40, 0.25});
        assertEquals(biased, LinearCka.biased(transformed, y), EXACT);
        assertEquals(biased, LinearCka.biased(y, transformed), EXACT);
        // Debiased CKA is invariant to rotation and scaling; the unbiased HSIC centres implicitly, so also to shifts.
        assertEquals(debiased, LinearCka.debiased(transformed, y), 1e-10);
    }

    @Test
    void notInvariantToAnisotropicScaling() {
        assertNotEquals(LinearCka.biased(X6, Y6), LinearCka.biased(scaleColumns(X6, 1, 10), Y6), 1e-3);
    }

    @Test
    void symmetricInItsTwoArguments() {
        assertEquals(LinearCka.biased(X8, Y8), LinearCka.biased(Y8, X8), EXACT);
        assertEquals(LinearCka.debiased(X8, Y8), LinearCka.debiased(Y8, X8), EXACT);
    }

    @Test
    void valuesLieInTheUnitIntervalForBiasedCka() {
        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            double cka = LinearCka.biased(randomMatrix(random, 10, 3), randomMatrix(random, 10, 2));
            assertTrue(cka >= 0 && cka <= 1 + EXACT, "CKA " + cka);
        }
    }

    @Test
    void clearErrors() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> LinearCka.biased(X6, Y8));
        assertTrue(rows.getMessage().contains("6 vs 8"), rows.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> LinearCka.debiased(column(1, 2, 3), column(3, 1, 2)));
        assertTrue(small.getMessage().contains("at least 4"), small.getMessage());
        IllegalArgumentException constant = assertThrows(IllegalArgumentException.class,
                () -> LinearCka.biased(column(2, 2, 2, 2), column(1, 2, 3, 4)));
        assertTrue(constant.getMessage().contains("X has no variance"), constant.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> LinearCka.biased(new double[][] {{1, 2}, {3}}, column(1, 2)));
        assertTrue(ragged.getMessage().contains("not rectangular"), ragged.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> LinearCka.biased(column(1, Double.NaN, 3), column(1, 2, 3)));
        assertTrue(nan.getMessage().contains("X[1][0]"), nan.getMessage());
        IllegalArgumentException notSquare = assertThrows(IllegalArgumentException.class,
                () -> LinearCka.biasedFromGrams(X6, LinearCka.gram(X6)));
        assertTrue(notSquare.getMessage().contains("square"), notSquare.getMessage());
    }

    // ---- helpers shared with the minibatch tests ----

    static double[][] column(double... values) {
        double[][] m = new double[values.length][1];
        for (int i = 0; i < values.length; i++) {
            m[i][0] = values[i];
        }
        return m;
    }

    static double[][] append(double[][] a, double[][] b) {
        double[][] m = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, m, a.length, b.length);
        return m;
    }

    static double[][] rows(double[][] m, int from, int to) {
        return Arrays.copyOfRange(m, from, to);
    }

    static double[][] randomMatrix(Random random, int n, int p) {
        double[][] m = new double[n][p];
        for (double[] row : m) {
            for (int j = 0; j < p; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return m;
    }

    private static double[][] scaleColumns(double[][] x, double... factors) {
        double[][] m = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            m[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                m[i][j] = x[i][j] * factors[j];
            }
        }
        return m;
    }

    private static double[][] scale(double[][] x, double factor) {
        double[][] m = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            m[i] = Arrays.stream(x[i]).map(v -> v * factor).toArray();
        }
        return m;
    }

    private static double[][] shift(double[][] x, double[] by) {
        double[][] m = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            m[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                m[i][j] = x[i][j] + by[j];
            }
        }
        return m;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] m = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    m[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return m;
    }

    /** A 3 × 3 rotation from three angles (z, y, x), orthogonal to rounding. */
    private static double[][] rotation3(double a, double b, double c) {
        double[][] rz = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] ry = {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(c), -Math.sin(c)}, {0, Math.sin(c), Math.cos(c)}};
        return multiply(multiply(rz, ry), rx);
    }
}
