package dev.repbench.plugins.kit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import org.junit.jupiter.api.Test;

class NtXentTest {

    /** The loss from its definition, in doubles, for 2-D points. */
    private static double byDefinition(double[][] first, double[][] second, double temperature) {
        int n = first.length;
        double[][] z = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            z[i] = unit(first[i]);
            z[i + n] = unit(second[i]);
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int positive = i < n ? i + n : i - n;
            double denominator = 0;
            for (int k = 0; k < 2 * n; k++) {
                if (k != i) {
                    denominator += Math.exp(dot(z[i], z[k]) / temperature);
                }
            }
            total += -Math.log(Math.exp(dot(z[i], z[positive]) / temperature) / denominator);
        }
        return total / (2 * n);
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        return new double[] {v[0] / norm, v[1] / norm};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1];
    }

    @Test
    void twoPairsInTheUnitPlaneMatchTheDefinition() {
        double[][] first = {{1, 0}, {0, 2}};
        double[][] second = {{3, 1}, {-1, 1}};
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1, 0, 0, 2}, 2, 2);
            Tensor b = Tensor.of(new float[] {3, 1, -1, 1}, 2, 2);
            assertEquals(byDefinition(first, second, 0.5), NtXent.loss(a, b, 0.5).item(), 1e-5);
            assertEquals(byDefinition(first, second, 0.1), NtXent.loss(a, b, 0.1).item(), 1e-4);
        }
    }

    @Test
    void identicalOrthogonalPairsGiveTheClosedForm() {
        // z = e1, e2, e1, e2 at τ = 1: each anchor's positive has cosine 1 and its two negatives cosine 0,
        // so every anchor's loss is −log(e / (e + 2)).
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2);
            assertEquals(-Math.log(Math.E / (Math.E + 2)), NtXent.loss(a, a, 1.0).item(), 1e-6);
        }
    }

    @Test
    void gradientsReachBothViews() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1, 0.5f, 0.2f, 2}, 2, 2).requiresGrad(true);
            Tensor b = Tensor.of(new float[] {3, 1, -1, 1}, 2, 2).requiresGrad(true);
            NtXent.loss(a, b, 0.5).backward();
            assertNotNull(a.grad());
            assertNotNull(b.grad());
        }
    }

    @Test
    void refusesMismatchedShapesAndABadTemperature() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(2, 2);
            assertThrows(IllegalArgumentException.class, () -> NtXent.loss(a, Tensor.zeros(3, 2), 0.5));
            assertThrows(IllegalArgumentException.class, () -> NtXent.loss(a, a, 0));
        }
    }
}
