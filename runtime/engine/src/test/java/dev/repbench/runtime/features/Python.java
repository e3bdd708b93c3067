package dev.repbench.runtime.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a script in Debian's Python (numpy, torch) for tests that check compatibility with it; the interpreter is
 * {@code /usr/bin/python3} unless the system property {@code repbench.python} names another.
 */
public final class Python {
    private Python() {
    }

    /**
     * The interpreter used: the system property {@code repbench.python}, else the environment variable
     * {@code REPBENCH_PYTHON}, else Debian's {@code /usr/bin/python3} (the {@code python3} first on a PATH may lack
     * Debian's torch), as in the native module's tests.
     */
    public static String interpreter() {
        String property = System.getProperty("repbench.python");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("REPBENCH_PYTHON");
        return env != null && !env.isBlank() ? env : "/usr/bin/python3";
    }

    /** Runs {@code script} with {@code args}; returns its stdout, or fails with its stderr. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile("repbench-test", ".py");
        Path err = Files.createTempFile("repbench-test", ".err");
        try {
            Files.writeString(file, script);
            List<String> command = new ArrayList<>(List.of(interpreter(), file.toString()));
            command.addAll(List.of(args));
            // stderr to a file: reading one pipe to its end while the other fills up would deadlock.
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError(interpreter() + " failed: " + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(err);
        }
    }
}
