package dev.repbench.plugins.kit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Expected values are the documented formula evaluated by hand in float64 (Python's math module):
 * {@code P = exp(s/τ)/Z}, {@code h = P/(P + N/|D|)}, loss = mean over rows of
 * {@code −log h(s⁺) − Σ log(1 − h(s⁻))}.
 */
class NceTest {

    @Test
    void oneQueryWithUnitNormalisingConstant() {
        try (Scope s = Scope.open()) {
            // τ = 0.5, |D| = 4, N = 2: P(s⁺) = e, h⁺ = e/(e + 0.5); negatives e⁰ and e⁻¹.
            Tensor loss = Nce.loss(Tensor.of(new double[] {0.5}, 1), Tensor.of(new double[] {0.0, -0.5}, 1, 2), 0.5, 4, 1.0);
            double expected = -Math.log(Math.E / (Math.E + 0.5)) + Math.log(3.0) - Math.log(0.5 / (Math.exp(-1) + 0.5));
            assertEquals(1.8189046260984665, expected, 1e-15, "hand arithmetic");
            assertEquals(expected, loss.item(), 1e-12);
        }
    }

    @Test
    void batchIsAveragedAndNormalisingConstantDividesTheDensity() {
        try (Scope s = Scope.open()) {
            Tensor loss = Nce.loss(Tensor.of(new double[] {0.5, -0.2}, 2),
                    Tensor.of(new double[] {0.0, -0.5, 0.3, 0.1}, 2, 2), 0.25, 10, 3.0);
            assertEquals(2.6181295652544962, loss.item(), 1e-12);
        }
    }

    @Test
    void gradientsFollowTheFormula() {
        try (Scope s = Scope.open()) {
            Tensor positive = Tensor.of(new double[] {0.5, -0.2}, 2).requiresGrad(true);
            Tensor negative = Tensor.of(new double[] {0.0, -0.5, 0.3, 0.1}, 2, 2).requiresGrad(true);
            Nce.loss(positive, negative, 0.25, 10, 3.0).backward();
            // d/ds⁺ of −log h = −(1 − h)/τ, d/ds⁻ of −log(1 − h) = h/τ, each divided by B = 2.
            assertEquals(-0.15020547923810712, positive.grad().toDoubleArray()[0], 1e-12);
            assertEquals(1.6938866815323697, negative.grad().toDoubleArray()[2], 1e-12);
        }
    }

    @Test
    void normalisingConstantIsMeanDensityTimesDatasetSize() {
        try (Scope s = Scope.open()) {
            double z = Nce.normalisingConstant(Tensor.of(new double[] {0.5, -0.2}, 2),
                    Tensor.of(new double[] {0.0, -0.5, 0.3, 0.1}, 2, 2), 0.25, 10);
            assertEquals(22.976103277770502, z, 1e-10);
        }
    }

    @Test
    void float32InputsGiveAFloat32Scalar() {
        try (Scope s = Scope.open()) {
            Tensor loss = Nce.loss(Tensor.of(new float[] {0.5f}, 1), Tensor.of(new float[] {0f, -0.5f}, 1, 2), 0.5, 4, 1.0);
            assertArrayEquals(new long[0], loss.shape());
            assertEquals(1.8189046260984665, loss.item(), 1e-5);
        }
    }

    @Test
    void badShapesAndArgumentsAreRefused() {
        try (Scope s = Scope.open()) {
            Tensor positive = Tensor.of(new double[] {0.5}, 1);
            Tensor negative = Tensor.of(new double[] {0.0, 0.1}, 1, 2);
            assertThrows(IllegalArgumentException.class, () -> Nce.loss(negative, negative, 0.5, 4, 1.0));
            assertThrows(IllegalArgumentException.class, () -> Nce.loss(positive, Tensor.of(new double[] {0.0, 0.1}, 2, 1), 0.5, 4, 1.0));
            assertThrows(IllegalArgumentException.class, () -> Nce.loss(positive, negative, 0.0, 4, 1.0));
            assertThrows(IllegalArgumentException.class, () -> Nce.loss(positive, negative, 0.5, 0, 1.0));
            assertThrows(IllegalArgumentException.class, () -> Nce.loss(positive, negative, 0.5, 4, Double.NaN));
        }
    }
}
