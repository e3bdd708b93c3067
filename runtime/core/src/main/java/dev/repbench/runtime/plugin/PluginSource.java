package dev.repbench.runtime.plugin;

import java.nio.file.Path;
import java.util.Objects;

/** Where a provider came from: RepBench's own class path, or one plugin jar. */
public sealed interface PluginSource {

    /** The application class path: RepBench's built-in tasks and algorithms. */
    PluginSource BUILT_IN = new BuiltIn();

    /** The application class path. */
    record BuiltIn() implements PluginSource {
        @Override
        public String toString() {
            return "built-in";
        }
    }

    /**
     * A jar in the plugins folder.
     *
     * @param path the jar, as found (relative if the plugins folder was given relative)
     */
    record Jar(Path path) implements PluginSource {
        /** @param path the jar */
        public Jar {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
