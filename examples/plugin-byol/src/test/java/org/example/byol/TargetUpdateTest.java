package org.example.byol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Linear;
import org.junit.jupiter.api.Test;

class TargetUpdateTest {

    private static Linear linear(float[] weight, float[] bias) {
        Linear layer = new Linear(2, 1, true);
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            layer.weight().copyFromInPlace(Tensor.of(weight, 1, 2));
            layer.bias().copyFromInPlace(Tensor.of(bias, 1));
        }
        return layer;
    }

    @Test
    void everyTargetParameterMovesAQuarterOfTheWayAtTauThreeQuarters() {
        try (Linear target = linear(new float[] {4, 8}, new float[] {0});
             Linear online = linear(new float[] {0, 4}, new float[] {2})) {
            TargetUpdate.moveTowards(target, online, 0.75);
            assertArrayEquals(new float[] {3, 7}, target.weight().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.5f}, target.bias().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, 4}, online.weight().toFloatArray(), "the online network is only read");
        }
    }

    @Test
    void tauOneKeepsTheTargetAndTauZeroCopiesTheOnlineNetwork() {
        try (Linear target = linear(new float[] {4, 8}, new float[] {0});
             Linear online = linear(new float[] {0, 4}, new float[] {2})) {
            TargetUpdate.moveTowards(target, online, 1.0);
            assertArrayEquals(new float[] {4, 8}, target.weight().toFloatArray());
            TargetUpdate.moveTowards(target, online, 0.0);
            assertArrayEquals(new float[] {0, 4}, target.weight().toFloatArray());
            assertArrayEquals(new float[] {2}, target.bias().toFloatArray());
        }
    }

    @Test
    void networksOfAnotherShapeAreRefused() {
        try (Linear target = new Linear(2, 1, true); Linear online = new Linear(3, 1, true);
             Linear noBias = new Linear(2, 1, false)) {
            assertThrows(IllegalArgumentException.class, () -> TargetUpdate.moveTowards(target, online, 0.5));
            assertThrows(IllegalArgumentException.class, () -> TargetUpdate.moveTowards(target, noBias, 0.5));
            assertThrows(IllegalArgumentException.class, () -> TargetUpdate.moveTowards(target, target, 1.5));
        }
    }
}
