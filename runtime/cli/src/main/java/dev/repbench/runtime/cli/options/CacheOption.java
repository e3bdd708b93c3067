package dev.repbench.runtime.cli.options;

import dev.repbench.runtime.features.cache.FeatureCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache DIR}: the feature cache folder. */
public final class CacheOption {
    @Option(names = "--cache", paramLabel = "DIR",
            description = "The feature cache folder (default: ~/.cache/repbench/features; $XDG_CACHE_HOME or $REPBENCH_CACHE move it).")
    private Path cache;

    /** @return the folder given, else the user's default cache */
    public Path folder() {
        return cache == null ? FeatureCache.defaultFolder() : cache;
    }
}
