package dev.repbench.tasks.battery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The random numbers one sample is drawn with: SplitMix64 (Steele, Lea and Flood, 2014) written out here rather
 * than borrowed from {@link java.util.SplittableRandom}, whose algorithm the JDK does not promise to keep, because
 * a battery sample must be the same on every JDK for its manifest hash to mean anything. One instance per
 * sample, never shared between threads.
 */
final class SampleRandom {
    private long state;

    SampleRandom(long seed) {
        this.state = seed;
    }

    /**
     * A seed from a text key, via SHA-256, so neighbouring keys (sample 7 and sample 8) give unrelated streams.
     *
     * @param key e.g. {@code "fmnist-cls|v1|TRAIN|7"}
     * @return the first 8 bytes of the key's SHA-256, big-endian
     */
    static long seedFrom(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                seed = (seed << 8) | (digest[i] & 0xFF);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param bound exclusive upper bound, at least 1
     * @return a uniform integer in {@code [0, bound)}, without modulo bias
     */
    int nextInt(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound); // largest multiple of bound below 2^31
        while (true) {
            long r = nextLong() >>> 33;
            if (r < limit) {
                return (int) (r % bound);
            }
        }
    }

    /** @return a uniform double in [0, 1) with 53 random bits */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * @param low  inclusive lower bound
     * @param high exclusive upper bound
     * @return a uniform float in [low, high)
     */
    float uniform(float low, float high) {
        return (float) (low + (high - low) * nextDouble());
    }

    boolean nextBoolean() {
        return nextLong() < 0;
    }
}
