package dev.repbench.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A fresh JVM on this test's class path running one main class, started as {@code java -jar repbench.jar} or a
 * Slurm task would be: settings RepBench applies before libtorch loads are seen from a process that has not loaded it.
 */
final class ChildJvm {
    /** What the child printed. */
    record Output(String out, String err) {
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code main} to its end and requires exit status 0.
     *
     * @param environment edits the child's environment (a copy of this process's) before it starts
     */
    static Output run(Class<?> main, Consumer<Map<String, String>> environment) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), main.getName());
        environment.accept(builder.environment());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + err);
        return new Output(out, err);
    }
}
