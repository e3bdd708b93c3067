package dev.repbench.runtime.pretrain.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Exactly which images a run trains on, written as {@value #FILE_NAME} in the run's folder: the dataset and variant
 * as asked, the seed that chose the images, the class names (empty if unlabelled), every entry, a histogram of
 * images per class (per source if unlabelled), the generator version of each source that draws its images, and a
 * SHA-256 over the variant, seed, generator versions and entries, which equal choices reproduce on any machine
 * (wherever the files sit) and any change to the images changes.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param dataset       the dataset as given ({@code fashion-mnist}, {@code task:NAME}, a folder, {@code combination:A+B})
 * @param variant       the variant's text form
 * @param seed          the seed of the choice
 * @param generators    the version of each generated source's drawing code, by source name (e.g.
 *                      {@code fashion-mnist-scenes}); omitted from the file when no source is generated
 * @param classNames    class names by label, empty if the entries are unlabelled
 * @param histogram     images per class name (or per source), in label (or source) order
 * @param sha256        the manifest hash
 * @param entries       the images, by source then item order
 */
@JsonPropertyOrder({"formatVersion", "dataset", "variant", "seed", "sha256", "generators", "classNames", "histogram", "entries"})
public record DatasetManifest(int formatVersion, String dataset, String variant, long seed,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> generators,
                              List<String> classNames, Map<String, Integer> histogram, String sha256, List<ManifestEntry> entries) {
    /** The manifest's file name in a run folder. */
    public static final String FILE_NAME = "dataset.json";
    /** The current format. */
    public static final int FORMAT_VERSION = 1;

    private static final int BAR_WIDTH = 40;

    public DatasetManifest {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(variant, "variant");
        generators = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(generators));
        classNames = List.copyOf(classNames);
        histogram = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(histogram));
        entries = List.copyOf(entries);
    }

    /** A manifest of these entries, with its histogram and hash computed. */
    static DatasetManifest of(String dataset, String variant, long seed, Map<String, Integer> generators,
                              List<String> classNames, List<ManifestEntry> entries) {
        Map<String, Integer> histogram = new LinkedHashMap<>();
        classNames.forEach(name -> histogram.put(name, 0));
        // The dataset as typed may be a local path, so the hash covers what was chosen, not how it was named.
        StringBuilder canonical = new StringBuilder("repbench dataset manifest v" + FORMAT_VERSION + '\n')
                .append(variant).append('\n').append(seed).append('\n');
        generators.forEach((source, version) -> canonical.append("generator ").append(source).append(" v").append(version)
                .append('\n'));
        for (ManifestEntry e : entries) {
            String group = e.label() == null ? e.source() : classNames.get(e.label());
            histogram.merge(group, 1, Integer::sum);
            canonical.append(e.canonicalLine());
        }
        return new DatasetManifest(FORMAT_VERSION, dataset, variant, seed, generators, classNames, histogram,
                Sha256.of(canonical.toString()), entries);
    }

    /** @return whether the entries carry class labels */
    public boolean labelled() {
        return !classNames.isEmpty();
    }

    /**
     * Writes the manifest atomically as {@code folder/dataset.json}.
     *
     * @throws IOException if it cannot be written
     */
    public void writeTo(Path folder) throws IOException {
        AtomicFiles.writeJson(folder.resolve(FILE_NAME), this);
    }

    /** @return the histogram as text: one line per class (or source) with its count and a bar */
    public String histogramText() {
        int widest = histogram.keySet().stream().mapToInt(String::length).max().orElse(0);
        int most = histogram.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s, %s: %d images (seed %d, manifest %s)%n", dataset, variant,
                entries.size(), seed, sha256.substring(0, 12)));
        histogram.forEach((name, count) -> {
            int bar = most == 0 ? 0 : (int) Math.round((double) BAR_WIDTH * count / most);
            text.append(String.format(Locale.ROOT, "  %-" + widest + "s %7d %s%n", name, count, "#".repeat(bar)));
        });
        return text.toString();
    }
}
