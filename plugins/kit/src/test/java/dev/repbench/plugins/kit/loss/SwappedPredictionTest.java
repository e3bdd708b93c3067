package dev.repbench.plugins.kit.loss;

import static java.lang.Math.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwappedPredictionTest {
    private static final double TEMPERATURE = 0.5;

    /**
     * Scores whose softmax at temperature τ is exactly {@code probabilities}: τ·ln p, shifted by a constant per
     * row (softmax ignores it).
     */
    private static Tensor scoresFor(double[][] probabilities) {
        double[] flat = new double[probabilities.length * 2];
        for (int b = 0; b < probabilities.length; b++) {
            for (int k = 0; k < 2; k++) {
                flat[b * 2 + k] = TEMPERATURE * log(probabilities[b][k]) + (b + 1);
            }
        }
        return Tensor.of(flat, probabilities.length, 2).requiresGrad(true);
    }

    @Test
    void matchesAHandComputedExample() {
        try (Scope s = Scope.open()) {
            // 3 views of 2 images over 2 prototypes; views 0 and 1 carry assignments.
            Tensor view0 = scoresFor(new double[][] {{0.5, 0.5}, {0.2, 0.8}});
            Tensor view1 = scoresFor(new double[][] {{0.25, 0.75}, {0.5, 0.5}});
            Tensor view2 = scoresFor(new double[][] {{0.1, 0.9}, {0.6, 0.4}});
            Tensor q0 = Tensor.of(new double[] {1, 0, 0.5, 0.5}, 2, 2);
            Tensor q1 = Tensor.of(new double[] {0.3, 0.7, 0, 1}, 2, 2);

            // Each term: −mean over the 2 images of Σ_k q·ln p.
            double q0PredictedByView1 = -(log(0.25) + (0.5 * log(0.5) + 0.5 * log(0.5))) / 2;
            double q0PredictedByView2 = -(log(0.1) + (0.5 * log(0.6) + 0.5 * log(0.4))) / 2;
            double q1PredictedByView0 = -((0.3 * log(0.5) + 0.7 * log(0.5)) + log(0.8)) / 2;
            double q1PredictedByView2 = -((0.3 * log(0.1) + 0.7 * log(0.9)) + log(0.4)) / 2;
            double expected = ((q0PredictedByView1 + q0PredictedByView2) / 2 + (q1PredictedByView0 + q1PredictedByView2) / 2) / 2;

            Tensor loss = SwappedPrediction.loss(List.of(view0, view1, view2), List.of(q0, q1), TEMPERATURE);
            assertEquals(expected, loss.item(), 1e-12);
        }
    }

    @Test
    void aSingleAssignedViewIsPredictedByAllOthers() {
        try (Scope s = Scope.open()) {
            Tensor view0 = scoresFor(new double[][] {{0.5, 0.5}});
            Tensor view1 = scoresFor(new double[][] {{0.25, 0.75}});
            Tensor view2 = scoresFor(new double[][] {{0.1, 0.9}});
            Tensor q0 = Tensor.of(new double[] {0.4, 0.6}, 1, 2);
            double expected = (-(0.4 * log(0.25) + 0.6 * log(0.75)) - (0.4 * log(0.1) + 0.6 * log(0.9))) / 2;
            assertEquals(expected, SwappedPrediction.loss(List.of(view0, view1, view2), List.of(q0), TEMPERATURE).item(), 1e-12);
        }
    }

    @Test
    void gradientReachesTheScoresAndNotTheAssignments() {
        try (Scope s = Scope.open()) {
            Tensor view0 = scoresFor(new double[][] {{0.5, 0.5}});
            Tensor view1 = scoresFor(new double[][] {{0.25, 0.75}});
            Tensor q0 = Tensor.of(new double[] {0.4, 0.6}, 1, 2).requiresGrad(true);
            SwappedPrediction.loss(List.of(view0, view1), List.of(q0), TEMPERATURE).backward();
            assertNotNull(view1.grad());
            // d/ds of −Σ q log softmax(s/τ) = (p − q)/τ: p = (0.25, 0.75), q = (0.4, 0.6).
            double[] gradient = view1.grad().toDoubleArray();
            assertEquals((0.25 - 0.4) / TEMPERATURE, gradient[0], 1e-12);
            assertEquals((0.75 - 0.6) / TEMPERATURE, gradient[1], 1e-12);
            assertNull(q0.grad());
            // View 0 is only a target's source here: it predicts nothing, so it gets no gradient either.
            assertNull(view0.grad());
        }
    }

    @Test
    void rejectsMismatchedInputs() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(2, 3);
            Tensor b = Tensor.zeros(2, 4);
            assertThrows(IllegalArgumentException.class, () -> SwappedPrediction.loss(List.of(a), List.of(a), 0.1));
            assertThrows(IllegalArgumentException.class, () -> SwappedPrediction.loss(List.of(a, b), List.of(a), 0.1));
            assertThrows(IllegalArgumentException.class, () -> SwappedPrediction.loss(List.of(a, a), List.of(), 0.1));
            assertThrows(IllegalArgumentException.class, () -> SwappedPrediction.loss(List.of(a, a), List.of(a), 0));
        }
    }
}
