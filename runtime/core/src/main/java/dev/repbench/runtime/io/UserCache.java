package dev.repbench.runtime.io;

import java.nio.file.Path;

/**
 * The per-user folder RepBench caches in (features, native libraries): {@code $REPBENCH_CACHE} when set, else
 * {@code $XDG_CACHE_HOME/repbench}, else {@code ~/.cache/repbench}. The libtorch shim's loader, a layer below this
 * module, resolves the same folder the same way.
 */
public final class UserCache {
    private UserCache() {
    }

    /** The cache folder; it may not exist yet. */
    public static Path folder() {
        String explicit = System.getenv("REPBENCH_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("repbench");
    }
}
