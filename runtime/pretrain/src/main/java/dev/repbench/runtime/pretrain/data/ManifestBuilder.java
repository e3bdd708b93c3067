package dev.repbench.runtime.pretrain.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chooses a training set's images: per group (class, or the whole source if unlabelled), the variant's count of
 * images drawn uniformly without replacement by a generator seeded from (seed, source, group), kept in source order.
 * A combination of k sources takes {@code floor(S / k)} images of each, S the smallest source's size (the study's
 * "Combination": a quarter of each of four sources, the whole the size of one), drawn evenly over each source's
 * classes, and is unlabelled.
 */
final class ManifestBuilder {
    private ManifestBuilder() {
    }

    /**
     * @param dataset the dataset as given, recorded in the manifest
     * @param sources one source, or a combination's sources in the order given
     * @throws IllegalArgumentException if the variant does not fit the sources (naming why and the fix)
     */
    static DatasetManifest build(String dataset, List<? extends ImageSource> sources, Variant variant, long seed) {
        if (sources.size() == 1) {
            ImageSource only = sources.getFirst();
            if (variant.needsLabels() && !only.labelled()) {
                throw new IllegalArgumentException("variant " + variant.text() + " needs labelled images but " + only.name()
                        + " is unlabelled; use a folder with one sub-folder per class, or the variant full, half, quarter or subsample:N");
            }
            return DatasetManifest.of(dataset, variant.text(), seed, generators(sources), only.classNames(),
                    choose(only, 0, variant, seed, true));
        }
        if (!(variant instanceof Variant.Fraction f && f.divisor() == 1)) {
            throw new IllegalArgumentException("a combination takes an equal share of each source; variant "
                    + variant.text() + " does not apply to it (use --variant full)");
        }
        int smallest = sources.stream().mapToInt(ImageSource::size).min().orElseThrow();
        Variant share = new Variant.Subsample(Math.max(1, smallest / sources.size()));
        List<ManifestEntry> entries = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            entries.addAll(choose(sources.get(s), s, share, seed, false));
        }
        return DatasetManifest.of(dataset, variant.text(), seed, generators(sources), List.of(), entries);
    }

    private static Map<String, Integer> generators(List<? extends ImageSource> sources) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        sources.forEach(s -> s.generatorVersion().ifPresent(v -> versions.put(s.name(), v)));
        return versions;
    }

    private static List<ManifestEntry> choose(ImageSource source, int sourceIndex, Variant variant, long seed, boolean keepLabels) {
        int groups = Math.max(1, source.classNames().size());
        int[] sizes = new int[groups];
        int[][] members = new int[groups][];
        int[] labels = new int[source.size()];
        for (int i = 0; i < source.size(); i++) {
            labels[i] = Math.max(0, source.label(i));
            sizes[labels[i]]++;
        }
        for (int g = 0; g < groups; g++) {
            members[g] = new int[sizes[g]];
        }
        int[] filled = new int[groups];
        for (int i = 0; i < labels.length; i++) {
            members[labels[i]][filled[labels[i]]++] = i;
        }
        int[] counts = variant.counts(sizes);
        boolean[] chosen = new boolean[source.size()];
        for (int g = 0; g < groups; g++) {
            for (int index : draw(members[g], counts[g], groupSeed(seed, sourceIndex, g))) {
                chosen[index] = true;
            }
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                Integer label = keepLabels && source.labelled() ? source.label(i) : null;
                entries.add(new ManifestEntry(source.name(), source.item(i), label, source.sha256(i)));
            }
        }
        return entries;
    }

    /** The first {@code count} of a seeded Fisher–Yates shuffle of {@code members}. */
    static int[] draw(int[] members, int count, long seed) {
        int[] pool = Arrays.copyOf(members, members.length);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.length - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        return Arrays.copyOf(pool, count);
    }

    private static long groupSeed(long seed, int source, int group) {
        // Distinct, well-mixed streams per (seed, source, group): SplittableRandom mixes its seed further.
        return seed * 0x9E3779B97F4A7C15L + source * 0xBF58476D1CE4E5B9L + group * 0x94D049BB133111EBL;
    }
}
