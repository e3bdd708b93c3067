package dev.repbench.plugins.kit.data;

import java.util.SplittableRandom;

/**
 * The run's derived random sources. Each is a fresh {@link SplittableRandom} from the run's seed and a position,
 * so a resumed run draws exactly what an uninterrupted one would have drawn there.
 */
public final class Seeds {
    // Distinct salts keep the epoch and step streams apart even where an epoch number equals a step number.
    private static final long EPOCH_SALT = 0x9E3779B97F4A7C15L;
    private static final long STEP_SALT = 0xC2B2AE3D27D4EB4FL;

    private Seeds() {
    }

    /** @return the source of epoch {@code epoch}'s data order */
    public static SplittableRandom forEpoch(long seed, int epoch) {
        return new SplittableRandom(mix(seed ^ EPOCH_SALT, epoch));
    }

    /** @return the source of everything drawn during step {@code step} (augmentations, shuffles, negatives) */
    public static SplittableRandom forStep(long seed, long step) {
        return new SplittableRandom(mix(seed ^ STEP_SALT, step));
    }

    /** A permutation of {@code 0..n-1} by Fisher–Yates from {@code random}. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** SplitMix64's finaliser over the pair, so neighbouring positions give unrelated seeds. */
    private static long mix(long seed, long position) {
        long z = seed + position * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
