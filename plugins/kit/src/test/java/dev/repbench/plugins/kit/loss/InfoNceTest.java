package dev.repbench.plugins.kit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import org.junit.jupiter.api.Test;

/** InfoNCE against its closed form, computed here in doubles on tiny hand-written vectors. */
class InfoNceTest {
    private static final double[][] QUERIES = {{0.6, 0.8, 0.0}, {0.0, -0.28, 0.96}};
    private static final double[][] KEYS = {{0.8, 0.6, 0.0}, {0.0, 0.0, 1.0}};
    private static final double[][] NEGATIVES = {{1.0, 0.0, 0.0}, {0.0, 0.6, -0.8}, {-0.48, 0.0, 0.64}};
    private static final double TEMPERATURE = 0.2;

    @Test
    void lossIsTheMeanCrossEntropyOfPickingThePositive() {
        try (Scope _ = Scope.open()) {
            double loss = InfoNce.loss(tensor(QUERIES), tensor(KEYS), tensor(NEGATIVES), TEMPERATURE).item();
            double expected = 0;
            for (int i = 0; i < QUERIES.length; i++) {
                double[] logits = expectedLogits(i);
                expected += logSumExp(logits) - logits[0];
            }
            expected /= QUERIES.length;
            assertEquals(expected, loss, 1e-12);
        }
    }

    @Test
    void logitsPutThePositiveFirstAndDivideByTheTemperature() {
        try (Scope _ = Scope.open()) {
            Tensor logits = InfoNce.logits(tensor(QUERIES), tensor(KEYS), tensor(NEGATIVES), TEMPERATURE);
            assertArrayEquals(new long[] {2, 4}, logits.shape());
            double[] values = logits.toDoubleArray();
            for (int i = 0; i < QUERIES.length; i++) {
                double[] expected = expectedLogits(i);
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j], values[i * 4 + j], 1e-12, "logit " + i + "," + j);
                }
            }
        }
    }

    /** dL/dq_i = (Σ_j p_ij c_j − k_i) / (τ B), with c_0 = k_i, c_j = n_j and p_i the softmax of the logits. */
    @Test
    void gradientWithRespectToTheQueriesMatchesTheClosedForm() {
        try (Scope _ = Scope.open()) {
            Tensor queries = tensor(QUERIES).requiresGrad(true);
            InfoNce.loss(queries, tensor(KEYS), tensor(NEGATIVES), TEMPERATURE).backward();
            double[] gradient = queries.grad().toDoubleArray();
            int batch = QUERIES.length;
            for (int i = 0; i < batch; i++) {
                double[] logits = expectedLogits(i);
                double normaliser = logSumExp(logits);
                for (int d = 0; d < 3; d++) {
                    double expected = -KEYS[i][d] + Math.exp(logits[0] - normaliser) * KEYS[i][d];
                    for (int j = 0; j < NEGATIVES.length; j++) {
                        expected += Math.exp(logits[j + 1] - normaliser) * NEGATIVES[j][d];
                    }
                    expected /= TEMPERATURE * batch;
                    assertEquals(expected, gradient[i * 3 + d], 1e-12, "dL/dq[" + i + "][" + d + "]");
                }
            }
        }
    }

    @Test
    void aConfidentPositiveGivesALossNearZero() {
        try (Scope _ = Scope.open()) {
            double loss = InfoNce.loss(tensor(KEYS), tensor(KEYS), tensor(new double[][] {{0, 0, -1}}), 0.01).item();
            assertEquals(0.0, loss, 1e-30);
        }
    }

    @Test
    void mismatchedShapesAndBadTemperaturesAreRefused() {
        try (Scope _ = Scope.open()) {
            Tensor q = tensor(QUERIES);
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> InfoNce.loss(q, tensor(KEYS).narrow(0, 0, 1), tensor(NEGATIVES), TEMPERATURE));
            assertTrue(shape.getMessage().contains("[1, 3]"), shape.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> InfoNce.loss(q, tensor(KEYS), tensor(NEGATIVES).narrow(1, 0, 2), TEMPERATURE));
            assertThrows(IllegalArgumentException.class, () -> InfoNce.loss(q, tensor(KEYS), tensor(NEGATIVES), 0.0));
        }
    }

    private static double[] expectedLogits(int i) {
        double[] logits = new double[1 + NEGATIVES.length];
        logits[0] = dot(QUERIES[i], KEYS[i]) / TEMPERATURE;
        for (int j = 0; j < NEGATIVES.length; j++) {
            logits[j + 1] = dot(QUERIES[i], NEGATIVES[j]) / TEMPERATURE;
        }
        return logits;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }

    private static double logSumExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private static Tensor tensor(double[][] rows) {
        double[] flat = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return Tensor.of(flat, rows.length, rows[0].length).to(DType.FLOAT64);
    }
}
