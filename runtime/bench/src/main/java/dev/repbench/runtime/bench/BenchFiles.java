package dev.repbench.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Files the benchmarks make for a run and remove after it. */
public final class BenchFiles {
    private BenchFiles() {
    }

    /**
     * Deletes a folder and everything under it, deepest first.
     *
     * @param root an existing folder (or file)
     * @throws IOException if it cannot be walked or a path cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
