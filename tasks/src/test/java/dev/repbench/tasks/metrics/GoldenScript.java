package dev.repbench.tasks.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the committed golden-value scripts (src/test/python) with the Python that has numpy: the system property
 * {@code repbench.python}, else the environment variable {@code REPBENCH_PYTHON}, else Debian's
 * {@code /usr/bin/python3} (the {@code python3} first on a PATH may be another interpreter).
 */
final class GoldenScript {
    private static final String DEFAULT_INTERPRETER = "/usr/bin/python3";

    private GoldenScript() {
    }

    static String interpreter() {
        String property = System.getProperty("repbench.python");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("REPBENCH_PYTHON");
        return env != null && !env.isBlank() ? env : DEFAULT_INTERPRETER;
    }

    /** The Maven module folder (Surefire sets {@code basedir}; the working directory otherwise). */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** Runs {@code src/test/python/<script> <argument>}; fails (never skips) when it cannot. */
    static void run(String script, String argument) throws IOException, InterruptedException {
        Path source = moduleDir().resolve("src/test/python").resolve(script);
        Process process = new ProcessBuilder(List.of(interpreter(), source.toString(), argument)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(interpreter() + " " + script + " failed (exit " + process.exitValue() + "); it needs"
                    + " numpy: install Debian's python3-numpy or point -Drepbench.python=... (or REPBENCH_PYTHON) at a"
                    + " Python that has it.\n" + output);
        }
    }
}
