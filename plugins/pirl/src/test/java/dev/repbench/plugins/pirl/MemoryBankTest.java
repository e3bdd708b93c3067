package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemoryBankTest {

    /** Row i is the i-th unit vector, so a query e_j has similarity 1 with entry j and 0 with every other. */
    private static MemoryBank identityBank(int size) {
        float[] rows = new float[size * size];
        for (int i = 0; i < size; i++) {
            rows[i * size + i] = 1;
        }
        return new MemoryBank(Tensor.of(rows, size, size));
    }

    @Test
    void randomBankRowsAreUnitVectors() {
        try (Scope s = Scope.open(); MemoryBank bank = new MemoryBank(50, 16, Device.CPU)) {
            assertArrayEquals(new long[] {50, 16}, bank.entries().shape());
            float[] norms = bank.entries().norm(2, new long[] {1}, false).toFloatArray();
            for (float norm : norms) {
                assertEquals(1.0, norm, 1e-5);
            }
            // uniform in ±1/sqrt(d/3) before normalising: not all rows alike
            assertTrue(bank.entries().select(0, 0).sub(bank.entries().select(0, 1)).abs().sum().item() > 0.1);
        }
    }

    @Test
    void aQueryOnItsOwnEntryScoresZeroAgainstEveryNegative() {
        try (Scope s = Scope.open(); MemoryBank bank = identityBank(5)) {
            SplittableRandom random = new SplittableRandom(5);
            for (int trial = 0; trial < 50; trial++) {
                // Query i is e_i: its score is 1 against entry i and 0 against every other entry.
                MemoryBank.Similarities similarities = bank.similarities(bank.entries().clone(), new int[] {0, 1, 2, 3, 4}, 4, random);
                assertArrayEquals(new float[] {1, 1, 1, 1, 1}, similarities.positive().toFloatArray());
                assertArrayEquals(new long[] {5, 4}, similarities.negative().shape());
                assertEquals(0.0, similarities.negative().abs().sum().item(), "a query's own entry was drawn as a negative");
            }
        }
    }

    @Test
    void negativesCoverEveryOtherEntryForEachQueryOfTheBatch() {
        int size = 5;
        try (Scope s = Scope.open(); MemoryBank bank = identityBank(size)) {
            // Both queries weight entry e by e + 1, so a negative's score names the entry drawn.
            Tensor weighted = Tensor.of(new float[] {1, 2, 3, 4, 5, 1, 2, 3, 4, 5}, 2, size);
            int[] own = {0, 3};
            boolean[][] seen = new boolean[2][size];
            SplittableRandom random = new SplittableRandom(6);
            for (int trial = 0; trial < 60; trial++) {
                float[] scores = bank.similarities(weighted, own, 4, random).negative().toFloatArray();
                for (int i = 0; i < scores.length; i++) {
                    seen[i / 4][Math.round(scores[i]) - 1] = true;
                }
            }
            assertArrayEquals(new boolean[] {false, true, true, true, true}, seen[0]);
            assertArrayEquals(new boolean[] {true, true, true, false, true}, seen[1]);
        }
    }

    @Test
    void negativesAreClampedToTheOtherEntries() {
        try (Scope s = Scope.open(); MemoryBank bank = identityBank(4)) {
            assertEquals(3, bank.negativeCount(32000));
            assertEquals(2, bank.negativeCount(2));
            assertThrows(IllegalArgumentException.class, () -> bank.negativeCount(0));
            assertThrows(IllegalArgumentException.class,
                    () -> bank.similarities(Tensor.ones(1, 4), new int[] {0}, 4, new SplittableRandom(1)));
        }
    }

    @Test
    void similaritiesCarryGradientsToTheQueriesOnly() {
        try (Scope s = Scope.open(); MemoryBank bank = new MemoryBank(10, 4, Device.CPU)) {
            Tensor queries = Tensor.rand(2, 4).requiresGrad(true);
            MemoryBank.Similarities sims = bank.similarities(queries, new int[] {3, 7}, 5, new SplittableRandom(2));
            sims.positive().sum().add(sims.negative().sum()).backward();
            assertArrayEquals(new long[] {2, 4}, queries.grad().shape());
            assertNull(bank.entries().grad());
        }
    }

    @Test
    void updateIsTheNormalisedMovingAverageAtTheGivenIndicesOnly() {
        try (Scope s = Scope.open(); MemoryBank bank = identityBank(3)) {
            Tensor representation = Tensor.of(new float[] {0, 0.6f, 0.8f}, 1, 3);
            bank.update(new int[] {0}, representation, 0.5);
            // 0.5·(1, 0, 0) + 0.5·(0, 0.6, 0.8) = (0.5, 0.3, 0.4), norm sqrt(0.5) → (0.7071, 0.4243, 0.5657)
            double n = Math.sqrt(0.5);
            assertArrayEquals(new float[] {(float) (0.5 / n), (float) (0.3 / n), (float) (0.4 / n), 0, 1, 0, 0, 0, 1},
                    bank.entries().toFloatArray(), 1e-6f);
            bank.update(new int[] {2, 1}, Tensor.of(new float[] {1, 0, 0, 0, 0, 1}, 2, 3), 0.0);
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, bank.entries().narrow(0, 1, 2).contiguous().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void outOfRangeIndicesAndBadShapesAreRefused() {
        try (Scope s = Scope.open(); MemoryBank bank = identityBank(3)) {
            assertThrows(IndexOutOfBoundsException.class, () -> bank.update(new int[] {3}, Tensor.ones(1, 3), 0.5));
            assertThrows(IllegalArgumentException.class, () -> bank.update(new int[] {0}, Tensor.ones(1, 2), 0.5));
            assertThrows(IllegalArgumentException.class, () -> bank.update(new int[] {0}, Tensor.ones(1, 3), 1.5));
            assertThrows(IllegalArgumentException.class, () -> new MemoryBank(1, 4, Device.CPU));
        }
    }
}
