package dev.repbench.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.io.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec the project ships under {@code specs/} still validates as a user would run it: the real plugin
 * registry checks its algorithms, each {@code set:} override's name and type, its tasks and its CKA encoders
 * ({@code repbench run SPEC --list-cells} runs and writes nothing).
 */
class CommittedSpecsTest {

    static List<Path> specs() throws IOException {
        try (Stream<Path> files = Files.list(RepositoryRoot.resolve("specs"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void validatesAndPlansItsCells(Path spec) {
        CommandRun listed = CommandRun.run("run", spec.toString(), "--list-cells");
        assertEquals(0, listed.exitCode(), spec + ":\n" + listed.err());
        assertFalse(listed.err().contains("deprecated"), spec + " uses a deprecated name:\n" + listed.err());
        List<String> cells = listed.out().lines().map(l -> l.split("\\s+")[0]).toList();
        assertTrue(cells.stream().anyMatch(c -> c.startsWith("eval/")), spec + " evaluates nothing:\n" + listed.out());
    }
}
