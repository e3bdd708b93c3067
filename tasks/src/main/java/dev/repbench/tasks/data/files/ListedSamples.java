package dev.repbench.tasks.data.files;

import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A split as a list of entries (file names and labels, read when the task is opened) and a function that reads one
 * entry's sample from disk when asked. Reading is lazy and stateless, so {@link #get} is safe from any thread.
 *
 * @param <E> what an entry holds
 */
public final class ListedSamples<E extends ListedSamples.Entry> implements SampleSource {

    /** An entry: the files its sample is read from and its label, which identify it in the manifest. */
    public interface Entry {
        /** @return the files, in the order they are read */
        List<Path> files();

        /** @return the entry's label(s) as text, e.g. {@code "12"}; empty when the files are the label */
        String labelText();
    }

    private final List<E> entries;
    private final Function<E, Sample> reader;

    /**
     * @param entries the split's entries, in a fixed order
     * @param reader  reads one entry's sample
     */
    public ListedSamples(List<E> entries, Function<E, Sample> reader) {
        this.entries = List.copyOf(entries);
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Sample get(int index) {
        return reader.apply(entries.get(Objects.checkIndex(index, entries.size())));
    }

    /** @return the entries */
    public List<E> entries() {
        return entries;
    }

    /**
     * A fingerprint of the splits: SHA-256 over every entry's files as (path relative to {@code root}, size in
     * bytes) and the entry's text form (its labels), in order. Contents are not read — hashing a dataset's bytes
     * would take longer than evaluating it — so a file replaced by another of the same size goes unnoticed.
     *
     * @param root   the dataset folder paths are made relative to
     * @param splits the splits, in a fixed order
     * @return 64 hex digits
     */
    public static String manifestHash(Path root, List<? extends ListedSamples<?>> splits) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ListedSamples<?> split : splits) {
                digest.update(("split " + split.size() + "\n").getBytes(StandardCharsets.UTF_8));
                for (Entry entry : split.entries) {
                    StringBuilder line = new StringBuilder();
                    for (Path file : entry.files()) {
                        long size;
                        try {
                            size = Files.size(file);
                        } catch (IOException e) {
                            size = -1;
                        }
                        line.append(root.relativize(file).toString().replace('\\', '/')).append(':').append(size).append(' ');
                    }
                    line.append(entry.labelText()).append('\n');
                    digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
