package dev.repbench.plugins.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BatchGroupsTest {
    /** A stand-in for a network in training mode: each output depends on its group's mean, like batch norm. */
    private static final UnaryOperator<Tensor> SUBTRACT_GROUP_MEAN = group -> group.sub(group.mean(0, true));

    @Test
    void permutationAndItsInverseRoundTrip() {
        int[] permutation = BatchGroups.permutation(10, new SplittableRandom(1));
        int[] sorted = permutation.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        int[] inverse = BatchGroups.inverse(permutation);
        for (int i = 0; i < permutation.length; i++) {
            assertEquals(i, inverse[permutation[i]]);
            assertEquals(i, permutation[inverse[i]]);
        }
        assertNotEquals(Arrays.toString(sorted), Arrays.toString(permutation), "seed 1 shuffles 10 items");
    }

    @Test
    void shuffleThenUnshuffleGivesBackTheBatchOrder() {
        try (Scope _ = Scope.open()) {
            Tensor batch = Tensor.arange(0, 16, 1, dev.repbench.torch.DType.FLOAT32).reshape(8, 2);
            Tensor out = BatchGroups.shuffledInGroups(batch, 4, new SplittableRandom(7), UnaryOperator.identity());
            assertArrayEquals(batch.toFloatArray(), out.toFloatArray());
        }
    }

    @Test
    void eachGroupIsEncodedWithItsOwnStatistics() {
        try (Scope _ = Scope.open()) {
            Tensor batch = Tensor.of(new float[] {1, 3, 10, 30, 100, 300}, 6, 1);
            Tensor out = BatchGroups.inGroups(batch, 3, SUBTRACT_GROUP_MEAN);
            assertArrayEquals(new float[] {-1, 1, -10, 10, -100, 100}, out.toFloatArray());
        }
    }

    @Test
    void shuffledGroupsAreTheGroupsOfThePermutationPutBackInOrder() {
        try (Scope _ = Scope.open()) {
            float[] values = {1, 2, 4, 8, 16, 32, 64, 128};
            Tensor batch = Tensor.of(values, 8, 1);
            long seed = 11;
            float[] out = BatchGroups.shuffledInGroups(batch, 2, new SplittableRandom(seed), SUBTRACT_GROUP_MEAN).toFloatArray();

            int[] permutation = BatchGroups.permutation(8, new SplittableRandom(seed));
            float[] expected = new float[8];
            for (int group = 0; group < 2; group++) {
                double mean = 0;
                for (int k = 0; k < 4; k++) {
                    mean += values[permutation[group * 4 + k]] / 4.0;
                }
                for (int k = 0; k < 4; k++) {
                    int image = permutation[group * 4 + k];
                    expected[image] = (float) (values[image] - mean);
                }
            }
            assertArrayEquals(expected, out, 1e-4f);
        }
    }

    @Test
    void shufflingMixesTheQueryGroups() {
        // Over several steps, a key's group must not simply be its query's group of consecutive images.
        List<Boolean> sameAsQueryGroups = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int step = 0; step < 5; step++) {
            int[] permutation = BatchGroups.permutation(8, random);
            boolean same = true;
            for (int position = 0; position < 8; position++) {
                same &= permutation[position] / 4 == position / 4;
            }
            sameAsQueryGroups.add(same);
        }
        assertTrue(sameAsQueryGroups.contains(false));
    }

    @Test
    void groupsThatDoNotSplitTheBatchIntoPairsAreRefused() {
        try (Scope _ = Scope.open()) {
            Tensor batch = Tensor.zeros(6, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BatchGroups.inGroups(batch, 4, UnaryOperator.identity()));
            assertTrue(e.getMessage().contains(MocoSettings.SHUFFLE_BN_GROUPS), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BatchGroups.inGroups(batch, 6, UnaryOperator.identity()));
            assertThrows(IllegalArgumentException.class, () -> BatchGroups.inGroups(batch, 0, UnaryOperator.identity()));
        }
    }
}
