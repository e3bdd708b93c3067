package dev.repbench.api.data;

/**
 * A task's data once opened: a {@link SampleSource} per {@link Split} and a manifest hash.
 * Closing it releases whatever it holds open (files, archives); RepBench closes it when done.
 */
public interface TaskDataset extends AutoCloseable {

    /**
     * @param split which partition
     * @return its samples; an empty source if the task has no such split (often VAL)
     */
    SampleSource split(Split split);

    /**
     * Identifies exactly which data this is, so cached features and results are reused only
     * for the same data: e.g. the lower-case hex SHA-256 of a canonical listing of the files
     * read (relative path, size, content hash) and of the split rule and seed. Equal data must
     * give equal hashes on any machine; any change to the data must change it.
     *
     * @return the manifest hash
     */
    String manifestHash();

    /** Releases held resources; the default holds none. */
    @Override
    default void close() {
    }
}
