package org.example.byol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import org.junit.jupiter.api.Test;

class ByolLossTest {

    @Test
    void eachRowCostsTwoMinusTwiceItsCosineAveragedOverTheBatch() {
        try (Scope s = Scope.open()) {
            // row 0: same direction at another length, cos 1; row 1: 45°, cos 1/√2; row 2: opposite, cos −1
            Tensor prediction = Tensor.of(new float[] {3, 0, 0, 2, 1, 1}, 3, 2);
            Tensor target = Tensor.of(new float[] {1, 0, 1, 1, -2, -2}, 3, 2);
            double expected = ((2 - 2 * 1.0) + (2 - 2 / Math.sqrt(2)) + (2 + 2 * 1.0)) / 3;
            assertEquals(expected, ByolLoss.regression(prediction, target).item(), 1e-6);
        }
    }

    @Test
    void theSymmetrisedLossPairsEachPredictionWithTheOtherViewsTarget() {
        try (Scope s = Scope.open()) {
            Tensor prediction1 = Tensor.of(new float[] {1, 0}, 1, 2);
            Tensor prediction2 = Tensor.of(new float[] {0, 1}, 1, 2);
            Tensor target1 = Tensor.of(new float[] {0, 5}, 1, 2);   // orthogonal to prediction1, along prediction2
            Tensor target2 = Tensor.of(new float[] {4, 4}, 1, 2);   // 45° from prediction1
            // prediction1 vs target2: 2 − √2; prediction2 vs target1: 0. Pairing a view with itself would give 2 + 2 − √2.
            assertEquals(2 - Math.sqrt(2), ByolLoss.symmetrised(prediction1, prediction2, target1, target2).item(), 1e-6);
        }
    }

    @Test
    void gradientsReachThePredictionButNeverTheTarget() {
        try (Scope s = Scope.open()) {
            Tensor prediction = Tensor.of(new float[] {1, 0}, 1, 2).requiresGrad(true);
            Tensor target = Tensor.of(new float[] {1, 1}, 1, 2).requiresGrad(true);
            ByolLoss.regression(prediction, target).backward();
            assertNull(target.grad(), "stop-gradient on the target side");
            Tensor gradient = prediction.grad();
            assertNotNull(gradient);
            // d/dp (2 − 2·p·ẑ/|p|) at p = (1, 0), ẑ = (1, 1)/√2: −2·(ẑ − (p·ẑ)p)/|p| = (0, −√2)
            float[] g = gradient.toFloatArray();
            assertEquals(0.0, g[0], 1e-6);
            assertEquals(-Math.sqrt(2), g[1], 1e-6);
        }
    }

    @Test
    void mismatchedShapesAreRefusedNamingBoth() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ByolLoss.regression(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        }
    }
}
