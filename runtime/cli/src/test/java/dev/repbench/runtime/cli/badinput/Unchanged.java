package dev.repbench.runtime.cli.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repbench.runtime.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file and folder under some paths, with each file's sha256, taken before a refused command: afterwards the
 * same paths must hold exactly the same bytes, and nothing more (no half-written file, no temporary left behind).
 */
final class Unchanged {
    private final List<Path> roots;
    private final Map<String, String> before;

    private Unchanged(List<Path> roots) {
        this.roots = roots;
        this.before = state(roots);
    }

    /** Records {@code paths} (files, folders, or paths that do not exist yet). */
    static Unchanged of(Path... paths) {
        return new Unchanged(List.of(paths));
    }

    /** Asserts every recorded path holds what it held, byte for byte, and nothing was added. */
    void assertUnchanged() {
        Map<String, String> after = state(roots);
        List<String> differences = new ArrayList<>();
        before.forEach((path, what) -> {
            if (!what.equals(after.get(path))) {
                differences.add(path + ": " + what + " -> " + after.getOrDefault(path, "absent"));
            }
        });
        after.keySet().stream().filter(path -> !before.containsKey(path)).forEach(path -> differences.add(path + ": added"));
        assertEquals(List.of(), differences, "files written earlier are unchanged and nothing was added");
    }

    private static Map<String, String> state(List<Path> roots) {
        Map<String, String> state = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                state.put(root.toString(), "absent");
                continue;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted().toList()) {
                    state.put(path.toString(), Files.isDirectory(path) ? "folder" : Sha256.ofFile(path));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return state;
    }
}
