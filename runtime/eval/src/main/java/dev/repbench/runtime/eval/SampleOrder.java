package dev.repbench.runtime.eval;

import java.util.SplittableRandom;

/** The order in which a head sees its training samples: every protocol draws each epoch's order the same way. */
public final class SampleOrder {
    private SampleOrder() {
    }

    /** @return {@code 0..n-1}: every sample of a split, in order */
    public static int[] all(int n) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }

    /** Shuffles {@code positions} in place (Fisher–Yates, from the end), drawing from the run's seeded random. */
    public static void shuffle(int[] positions, SplittableRandom random) {
        for (int i = positions.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = positions[i];
            positions[i] = positions[j];
            positions[j] = t;
        }
    }
}
