package dev.repbench.runtime.eval;

import dev.repbench.runtime.io.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A seeded carve of a task's TRAIN split into the samples the head trains on and a validation set used only to
 * pick the epoch. The carve depends on nothing but (seed, dataset manifest hash, TRAIN size, fraction, minimum),
 * so every machine draws the same indices; their hash goes into the result record.
 */
public final class ValidationSplit {
    private final int[] train;
    private final int[] validation;
    private final String indicesHash;

    private ValidationSplit(int[] train, int[] validation) {
        this.train = train;
        this.validation = validation;
        this.indicesHash = hashOf(train.length + validation.length, validation);
    }

    /**
     * Carves {@code max(minimum, round(fraction × trainSize))} validation samples (at most {@code trainSize − 1}, so
     * at least one sample is left to train on) from {@code 0..trainSize-1}.
     *
     * @param trainSize           samples in TRAIN, at least 2
     * @param fraction            share for validation, in (0, 1)
     * @param minimum             the least validation samples, at least 1
     * @param seed                the run's seed
     * @param datasetManifestHash the task data's manifest hash
     * @return the carve; both index lists ascending
     * @throws IllegalArgumentException if TRAIN is too small or a parameter is out of range
     */
    public static ValidationSplit carve(int trainSize, double fraction, int minimum, long seed, String datasetManifestHash) {
        if (trainSize < 2) {
            throw new IllegalArgumentException("cannot carve a validation set out of " + trainSize + " training sample(s)");
        }
        if (!(fraction > 0 && fraction < 1) || minimum < 1) {
            throw new IllegalArgumentException("fraction must be in (0, 1) and minimum at least 1, got " + fraction
                    + " and " + minimum);
        }
        int size = (int) Math.min(trainSize - 1L, Math.max(minimum, Math.round(fraction * trainSize)));
        int[] order = new int[trainSize];
        for (int i = 0; i < trainSize; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(streamSeed(seed, datasetManifestHash));
        for (int i = trainSize - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] validation = Arrays.copyOfRange(order, 0, size);
        int[] train = Arrays.copyOfRange(order, size, trainSize);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(train, validation);
    }

    /**
     * The task's own VAL split used as is: all of TRAIN trains, VAL indices are its own.
     *
     * @param trainSize      samples in TRAIN, at least 1
     * @param validationSize samples in the task's VAL, at least 1
     * @return the split; {@link #validationIndices()} index the VAL split, not TRAIN
     */
    public static ValidationSplit ofTaskSplits(int trainSize, int validationSize) {
        if (trainSize < 1 || validationSize < 1) {
            throw new IllegalArgumentException("need training and validation samples, got " + trainSize + " and " + validationSize);
        }
        int[] train = new int[trainSize];
        for (int i = 0; i < trainSize; i++) {
            train[i] = i;
        }
        int[] validation = new int[validationSize];
        for (int i = 0; i < validationSize; i++) {
            validation[i] = i;
        }
        return new ValidationSplit(train, validation);
    }

    /** @return the TRAIN indices the head trains on, ascending (a copy) */
    public int[] trainIndices() {
        return train.clone();
    }

    /** @return the validation indices, ascending (a copy) */
    public int[] validationIndices() {
        return validation.clone();
    }

    /** @return the first 16 hex digits of the sha256 of the total size and the validation indices */
    public String indicesHash() {
        return indicesHash;
    }

    /** A 64-bit seed from (seed, manifest): a different dataset under the same seed gets a different carve. */
    private static long streamSeed(long seed, String datasetManifestHash) {
        byte[] digest = sha256(("validation-split-v1:" + seed + ":" + datasetManifestHash).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong();
    }

    private static String hashOf(int total, int[] validation) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * (validation.length + 1));
        bytes.putInt(total);
        for (int i : validation) {
            bytes.putInt(i);
        }
        return HexFormat.of().formatHex(sha256(bytes.array())).substring(0, 16);
    }

    private static byte[] sha256(byte[] bytes) {
        return Sha256.digest().digest(bytes);
    }
}
