package dev.repbench.runtime.bench;

import java.util.Arrays;

/** Median-of-rounds timing for micro-benchmarks run inside one process, so ratios compare like with like. */
public final class Timing {
    private Timing() {
    }

    /** Runs {@code body} {@code iterations} times per round, {@code rounds} rounds after one warm-up round; ns per iteration (median). */
    public static double nanosPerCall(int rounds, int iterations, Runnable body) {
        runRound(iterations, body);
        double[] perCall = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            perCall[r] = runRound(iterations, body) / (double) iterations;
        }
        Arrays.sort(perCall);
        return perCall[rounds / 2];
    }

    private static long runRound(int iterations, Runnable body) {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            body.run();
        }
        return System.nanoTime() - start;
    }

    /**
     * Runs {@code step} {@code warmup} times untimed, then times each of {@code steps} runs alone: {@code batch} items
     * over the median step's seconds.
     */
    public static double itemsPerSecond(Runnable step, int warmup, int steps, int batch) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        double[] seconds = new double[steps];
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            step.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return batch / median(seconds);
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
