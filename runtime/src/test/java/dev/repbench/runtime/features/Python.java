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

    /** The interpreter used. */
    public static String interpreter() {
        return System.getProperty("repbench.python", "/usr/bin/python3");
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
