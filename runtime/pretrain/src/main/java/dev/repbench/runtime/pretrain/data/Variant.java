package dev.repbench.runtime.pretrain.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which subset of a source a run trains on, as the study built its ImageNet variants: given the images per group (a
 * group is a class; an unlabelled source is one group), {@link #counts} says how many each group keeps. Groups are
 * numbered in label order (n = 1..K for labels 0..K-1); which images a group keeps is the manifest builder's seeded
 * choice.
 *
 * <p>Text forms: {@code full}, {@code half}, {@code quarter}, {@code linear}, {@code linear:MAX}, {@code log},
 * {@code log:MAX}, {@code subsample:N}.
 */
public sealed interface Variant {

    /** The text form, as {@link #parse} reads it and manifests record it. */
    String text();

    /**
     * @param groupSizes images per group, in label order
     * @return images each group keeps, each at most its size
     * @throws IllegalArgumentException if the source cannot give this variant (naming why and the fix)
     */
    int[] counts(int[] groupSizes);

    /** @return whether the variant needs class labels (the unbalanced ones do) */
    default boolean needsLabels() {
        return false;
    }

    /**
     * @param text a variant as typed
     * @return the variant
     * @throws IllegalArgumentException listing the accepted forms
     */
    static Variant parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("subsample:")) {
                return new Subsample(Integer.parseInt(t.substring("subsample:".length())));
            }
            if (t.startsWith("linear:")) {
                return new Unbalanced(Growth.LINEAR, Integer.parseInt(t.substring("linear:".length())));
            }
            if (t.startsWith("log:")) {
                return new Unbalanced(Growth.LOG, Integer.parseInt(t.substring("log:".length())));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("variant '" + text + "' needs a whole number after the colon, e.g. subsample:1000");
        }
        return switch (t) {
            case "full" -> new Fraction("full", 1);
            case "half" -> new Fraction("half", 2);
            case "quarter" -> new Fraction("quarter", 4);
            case "linear" -> new Unbalanced(Growth.LINEAR, 0);
            case "log" -> new Unbalanced(Growth.LOG, 0);
            default -> throw new IllegalArgumentException("unknown variant '" + text
                    + "'; known: full, half, quarter, linear, linear:MAX, log, log:MAX, subsample:N");
        };
    }

    /**
     * {@code full}, {@code half}, {@code quarter}: every group keeps {@code floor(size / divisor)} of its images
     * (ImageNet-1/2 and -1/4: uniform per class).
     *
     * @param text    the name
     * @param divisor 1, 2 or 4
     */
    record Fraction(String text, int divisor) implements Variant {
        @Override
        public int[] counts(int[] groupSizes) {
            return Arrays.stream(groupSizes).map(s -> s / divisor).toArray();
        }
    }

    /**
     * {@code subsample:N}: N images spread evenly over the groups; the first {@code N mod K} groups (in label order)
     * take one more.
     *
     * @param total N, at least 1
     */
    record Subsample(int total) implements Variant {
        public Subsample {
            if (total < 1) {
                throw new IllegalArgumentException("subsample:N needs N of 1 or more, got " + total);
            }
        }

        @Override
        public String text() {
            return "subsample:" + total;
        }

        @Override
        public int[] counts(int[] groupSizes) {
            int k = groupSizes.length;
            int[] counts = new int[k];
            for (int g = 0; g < k; g++) {
                counts[g] = total / k + (g < total % k ? 1 : 0);
                if (counts[g] > groupSizes[g]) {
                    throw new IllegalArgumentException("subsample:" + total + " takes " + counts[g] + " images of group "
                            + g + ", which has " + groupSizes[g] + "; choose N of at most "
                            + Arrays.stream(groupSizes).min().orElse(0) * (long) k);
                }
            }
            return counts;
        }
    }

    /**
     * {@code linear[:MAX]} and {@code log[:MAX]}: class n of K keeps a share that grows with n, from few images for
     * the first class to MAX for the last ({@link Growth}). MAX defaults to the smallest class's size, the most every
     * class can give (0 here means that default).
     *
     * @param growth  how the share grows with n
     * @param maximum the last class's images, or 0 for the smallest class's size
     */
    record Unbalanced(Growth growth, int maximum) implements Variant {
        public Unbalanced {
            if (maximum < 0) {
                throw new IllegalArgumentException(growth.text + ":MAX needs MAX of 1 or more, got " + maximum);
            }
        }

        @Override
        public String text() {
            return maximum == 0 ? growth.text : growth.text + ":" + maximum;
        }

        @Override
        public boolean needsLabels() {
            return true;
        }

        @Override
        public int[] counts(int[] groupSizes) {
            if (groupSizes.length < 2) {
                throw new IllegalArgumentException("variant " + text() + " needs labelled images of 2 or more classes;"
                        + " use a labelled dataset (fashion-mnist, fashion-mnist-scenes, a folder with one sub-folder per class) or another"
                        + " variant");
            }
            int k = groupSizes.length;
            long max = maximum == 0 ? Arrays.stream(groupSizes).min().orElseThrow() : maximum;
            int[] counts = new int[k];
            for (int n = 1; n <= k; n++) {
                counts[n - 1] = growth.count(n, k, max);
                if (counts[n - 1] > groupSizes[n - 1]) {
                    throw new IllegalArgumentException(text() + " gives class " + (n - 1) + " " + counts[n - 1]
                            + " images but it has " + groupSizes[n - 1] + "; choose a smaller MAX (" + growth.text
                            + ":MAX) or leave it out for the smallest class's size");
                }
            }
            return counts;
        }
    }

    /** How an {@link Unbalanced} variant's share grows from the first class (n = 1) to the last (n = K). */
    enum Growth {
        /**
         * The study's ImageNet-1/2-Lin: class n gets {@code ceil(n · MAX / K)}, about half a balanced set of K·MAX.
         * Its rule "class n gets n images" (K = 1000 classes, 500.5 K images) is {@code linear:1000} on ImageNet.
         */
        LINEAR("linear") {
            @Override
            int count(int n, int k, long max) {
                return (int) ((n * max + k - 1) / k);
            }
        },
        /**
         * The study's ImageNet-1/4-Log: class n gets {@code round(λ·e^(a·n+b))} with λ = 1, 1 image for the first
         * class and MAX for the last: {@code a + b = 0} and {@code a·K + b = ln MAX}, so {@code a = ln MAX / (K - 1)},
         * {@code b = -a}, i.e. {@code MAX^((n-1)/(K-1))}.
         */
        LOG("log") {
            @Override
            int count(int n, int k, long max) {
                double a = Math.log(max) / (k - 1);
                return (int) Math.round(Math.exp(a * n - a));
            }
        };

        private final String text;

        Growth(String text) {
            this.text = text;
        }

        abstract int count(int n, int k, long max);
    }
}
