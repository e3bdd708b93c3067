package dev.repbench.runtime.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The validation carve is deterministic in (seed, manifest), disjoint from training, and sized as configured. */
class ValidationSplitTest {
    private static final String MANIFEST = "12".repeat(32);

    @Test
    void theSameSeedAndManifestGiveTheSameCarve() {
        ValidationSplit a = ValidationSplit.carve(1000, 0.1, 50, 3, MANIFEST);
        ValidationSplit b = ValidationSplit.carve(1000, 0.1, 50, 3, MANIFEST);
        assertArrayEquals(a.validationIndices(), b.validationIndices());
        assertArrayEquals(a.trainIndices(), b.trainIndices());
        assertEquals(a.indicesHash(), b.indicesHash());
    }

    @Test
    void aDifferentSeedGivesDifferentValidationIndices() {
        ValidationSplit a = ValidationSplit.carve(1000, 0.1, 50, 3, MANIFEST);
        ValidationSplit b = ValidationSplit.carve(1000, 0.1, 50, 4, MANIFEST);
        assertFalse(Arrays.equals(a.validationIndices(), b.validationIndices()));
        assertNotEquals(a.indicesHash(), b.indicesHash());
    }

    @Test
    void aDifferentDatasetGivesADifferentCarve() {
        ValidationSplit a = ValidationSplit.carve(1000, 0.1, 50, 3, MANIFEST);
        ValidationSplit b = ValidationSplit.carve(1000, 0.1, 50, 3, "34".repeat(32));
        assertFalse(Arrays.equals(a.validationIndices(), b.validationIndices()));
    }

    @Test
    void trainingAndValidationPartitionTrain() {
        ValidationSplit split = ValidationSplit.carve(1000, 0.1, 50, 9, MANIFEST);
        assertEquals(100, split.validationIndices().length);
        int[] all = IntStream.concat(Arrays.stream(split.trainIndices()), Arrays.stream(split.validationIndices()))
                .sorted().toArray();
        assertArrayEquals(IntStream.range(0, 1000).toArray(), all);
    }

    @Test
    void theMinimumAndTheLastTrainingSampleAreRespected() {
        assertEquals(50, ValidationSplit.carve(200, 0.1, 50, 1, MANIFEST).validationIndices().length);
        assertEquals(9, ValidationSplit.carve(10, 0.1, 50, 1, MANIFEST).validationIndices().length);
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.carve(1, 0.1, 1, 1, MANIFEST));
    }
}
