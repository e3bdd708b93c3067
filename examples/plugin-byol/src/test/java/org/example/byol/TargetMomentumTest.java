package org.example.byol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetMomentumTest {
    private final TargetMomentum momentum = new TargetMomentum(0.996, 300);

    @Test
    void itStartsAtTheBaseAndReachesOneAtTheEnd() {
        assertEquals(0.996, momentum.at(0), 1e-15);
        assertEquals(1.0, momentum.at(300), 0.0);
        assertEquals(1.0, momentum.at(1_000), 0.0);
    }

    @Test
    void inBetweenItFollowsTheCosine() {
        // k/K = 1/3: cos(π/3) = 1/2, so τ = 1 − 0.004 · 3/4 = 0.997
        assertEquals(0.997, momentum.at(100), 1e-12);
        // k/K = 1/2: cos = 0, τ = 1 − 0.004/2
        assertEquals(0.998, momentum.at(150), 1e-12);
        // k/K = 2/3: cos = −1/2, τ = 1 − 0.004/4
        assertEquals(0.999, momentum.at(200), 1e-12);
    }

    @Test
    void itNeverDecreases() {
        for (long k = 1; k <= 300; k++) {
            assertTrue(momentum.at(k) >= momentum.at(k - 1), "step " + k);
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TargetMomentum(1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new TargetMomentum(0.99, 0));
        assertThrows(IllegalArgumentException.class, () -> momentum.at(-1));
    }
}
