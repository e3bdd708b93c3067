package dev.repbench.runtime.analysis.cka;

import static dev.repbench.runtime.analysis.cka.LinearCkaTest.X8;
import static dev.repbench.runtime.analysis.cka.LinearCkaTest.Y8;
import static dev.repbench.runtime.analysis.cka.LinearCkaTest.randomMatrix;
import static dev.repbench.runtime.analysis.cka.LinearCkaTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Minibatch CKA (Nguyen, Raghu &amp; Kornblith 2021) for one pair and for matrices of layers. */
class MinibatchCkaTest {
    private static final double EXACT = 1e-12;

    @Test
    void twoBatchesOfFourKnownAnswer() {
        MinibatchCka cka = new MinibatchCka()
                .add(LinearCka.gram(rows(X8, 0, 4)), LinearCka.gram(rows(Y8, 0, 4)))
                .add(LinearCka.gram(rows(X8, 4, 8)), LinearCka.gram(rows(Y8, 4, 8)));
        assertEquals(0.8892555319307891, cka.value(), EXACT);
        assertEquals(2, cka.batches());
    }

    @Test
    void averagesHsicTermsNotPerBatchCkas() {
        double first = LinearCka.debiasedFromGrams(LinearCka.gram(rows(X8, 0, 4)), LinearCka.gram(rows(Y8, 0, 4)));
        double second = LinearCka.debiasedFromGrams(LinearCka.gram(rows(X8, 4, 8)), LinearCka.gram(rows(Y8, 4, 8)));
        assertNotEquals((first + second) / 2, 0.8892555319307891, 1e-6);
    }

    @Test
    void oneBatchIsDebiasedCka() {
        MinibatchCka cka = new MinibatchCka().add(LinearCka.gram(X8), LinearCka.gram(Y8));
        assertEquals(0.539537250196127, cka.value(), EXACT);
    }

    @Test
    void unbiasedHsicMatchesItsDefinitionWithExplicitMatrices() {
        Random random = new Random(11);
        double[][] k = LinearCka.gram(randomMatrix(random, 9, 3));
        double[][] l = LinearCka.gram(randomMatrix(random, 9, 5));
        assertEquals(naiveUnbiasedHsic(k, l), UnbiasedHsic.of(k, l), 1e-10);
    }

    @Test
    void withinEncoderMatrixIsSymmetricWithUnitDiagonalAndMatchesPairwise() {
        Random random = new Random(5);
        List<String> layers = List.of("block1", "block2", "block3", "block4", "block5", "embedding");
        CkaMatrixAccumulator matrix = CkaMatrixAccumulator.within(layers);
        List<List<double[][]>> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            double[][] base = randomMatrix(random, 10, 4);
            List<double[][]> grams = new ArrayList<>();
            for (int layer = 0; layer < layers.size(); layer++) {
                grams.add(LinearCka.gram(mix(base, randomMatrix(random, 10, 4), layer / 5.0)));
            }
            batches.add(grams);
            matrix.add(grams);
        }
        CkaMatrix value = matrix.value();
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(1.0, value.get(i, i), EXACT);
            for (int j = 0; j < layers.size(); j++) {
                assertEquals(value.get(i, j), value.get(j, i), EXACT);
                MinibatchCka pair = new MinibatchCka();
                for (List<double[][]> grams : batches) {
                    pair.add(grams.get(i), grams.get(j));
                }
                assertEquals(pair.value(), value.get(i, j), EXACT);
            }
        }
        assertEquals(value.get(0, 5), value.get("block1", "embedding"), 0);
    }

    @Test
    void betweenEncodersMatrixIsRectangularAndNotMirrored() {
        Random random = new Random(6);
        List<String> rowsA = List.of("a.block1", "a.block2", "a.embedding");
        List<String> columnsB = List.of("b.block1", "b.block2");
        CkaMatrixAccumulator matrix = CkaMatrixAccumulator.between(rowsA, columnsB);
        List<double[][]> a = new ArrayList<>();
        List<double[][]> b = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            double[][] base = randomMatrix(random, 8, 3);
            List<double[][]> gramsA = List.of(LinearCka.gram(base),
                    LinearCka.gram(mix(base, randomMatrix(random, 8, 3), 0.5)),
                    LinearCka.gram(randomMatrix(random, 8, 2)));
            List<double[][]> gramsB = List.of(LinearCka.gram(mix(base, randomMatrix(random, 8, 3), 0.9)),
                    LinearCka.gram(mix(base, randomMatrix(random, 8, 3), 0.2)));
            matrix.add(gramsA, gramsB);
            if (batch == 0) {
                a = gramsA;
                b = gramsB;
            }
        }
        CkaMatrix value = matrix.value();
        assertEquals(3, value.values().length);
        assertEquals(2, value.values()[0].length);
        // Square sub-block of two different encoders: entry (1, 0) and (0, 1) are different comparisons.
        assertNotEquals(value.get(0, 1), value.get(1, 0), 1e-6);
        // Block-by-block between two encoders is not 1 on the diagonal either.
        assertTrue(value.get(0, 0) < 1 - 1e-6);
        assertEquals(3, a.size());
        assertEquals(2, b.size());
    }

    @Test
    void clearErrors() {
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> new MinibatchCka().value());
        assertTrue(empty.getMessage().contains("no batches"), empty.getMessage());
        double[][] three = LinearCka.gram(rows(X8, 0, 3));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> new MinibatchCka().add(three, three));
        assertTrue(small.getMessage().contains("at least 4"), small.getMessage());
        CkaMatrixAccumulator matrix = CkaMatrixAccumulator.within(List.of("block1", "block2"));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> matrix.add(List.<double[][]>of(LinearCka.gram(X8))));
        assertTrue(count.getMessage().contains("one Gram per layer"), count.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> matrix.add(List.of(LinearCka.gram(X8), LinearCka.gram(rows(Y8, 0, 5)))));
        assertTrue(size.getMessage().contains("layer block2"), size.getMessage());
        assertEquals(0, matrix.batches());
        assertThrows(IllegalStateException.class, () -> matrix.add(List.of(), List.of()));
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> CkaMatrixAccumulator.within(List.of("block1", "block1")));
        assertTrue(duplicate.getMessage().contains("duplicate"), duplicate.getMessage());
    }

    private static double[][] mix(double[][] a, double[][] b, double weightOfB) {
        double[][] m = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                m[i][j] = (1 - weightOfB) * a[i][j] + weightOfB * b[i][j];
            }
        }
        return m;
    }

    /** Song et al. (2012) eq. 5 with explicit matrix products, for cross-checking the O(n²) form. */
    private static double naiveUnbiasedHsic(double[][] k, double[][] l) {
        int n = k.length;
        double[][] kt = new double[n][n];
        double[][] lt = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                kt[i][j] = i == j ? 0 : k[i][j];
                lt[i][j] = i == j ? 0 : l[i][j];
            }
        }
        double[][] kl = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int m = 0; m < n; m++) {
                    kl[i][j] += kt[i][m] * lt[m][j];
                }
            }
        }
        double trace = 0;
        double sumKl = 0;
        double sumK = 0;
        double sumL = 0;
        for (int i = 0; i < n; i++) {
            trace += kl[i][i];
            for (int j = 0; j < n; j++) {
                sumKl += kl[i][j];
                sumK += kt[i][j];
                sumL += lt[i][j];
            }
        }
        return (trace + sumK * sumL / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * sumKl) / (n * (n - 3.0));
    }
}
