package dev.repbench.api.task;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What RepBench gives an end task when it opens its data. An interface rather than a record so
 * that later SPI minors can add to it without breaking plugins.
 */
public interface TaskContext {

    /**
     * The folder under which public datasets live in their own formats, e.g. {@code <root>/nyu/...};
     * each task documents the layout it expects below it.
     *
     * @return the data root
     */
    Path dataRoot();

    /**
     * The run's seed, for any randomness in building splits (e.g. a train/val split drawn from
     * a train set). The same seed must give the same splits.
     *
     * @return the seed
     */
    long seed();

    /**
     * A plain context, for RepBench and for plugin authors' own tests.
     *
     * @param dataRoot the data root
     * @param seed     the seed
     * @return the context
     */
    static TaskContext of(Path dataRoot, long seed) {
        Objects.requireNonNull(dataRoot, "dataRoot");
        record Plain(Path dataRoot, long seed) implements TaskContext {}
        return new Plain(dataRoot, seed);
    }
}
