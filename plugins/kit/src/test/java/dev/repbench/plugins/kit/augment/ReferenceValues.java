package dev.repbench.plugins.kit.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Golden values from torchvision, made by {@code src/test/python/make_augment_golden.py} into
 * {@code target/augment-golden} on first use. The interpreter is {@code -Drepbench.python}, else
 * {@code REPBENCH_PYTHON}, else {@code /usr/bin/python3}; a missing torch fails the test, never skips it.
 */
final class ReferenceValues {
    private static final String FORMAT_VERSION = "1";
    private static JsonNode cached;

    private ReferenceValues() {
    }

    static synchronized JsonNode augment() throws IOException, InterruptedException {
        if (cached == null) {
            Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
            Path folder = module.resolve("target").resolve("augment-golden");
            Path marker = folder.resolve("AUGMENT_COMPLETE");
            if (!Files.isRegularFile(marker) || !Files.readString(marker).strip().equals(FORMAT_VERSION)) {
                run(List.of(interpreter(), module.resolve("src/test/python/make_augment_golden.py").toString(), folder.toString()));
            }
            cached = new ObjectMapper().readTree(folder.resolve("augment.json").toFile());
        }
        return cached;
    }

    /** The same input batch as the generator: ((31b + 17c + 7y + 3x) mod 23) / 22, shape [2, 3, 9, 9]. */
    static float[] inputBatch() {
        float[] values = new float[2 * 3 * 9 * 9];
        int k = 0;
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 9; y++) {
                    for (int x = 0; x < 9; x++) {
                        values[k++] = (float) ((31 * b + 17 * c + 7 * y + 3 * x) % 23) / 22f;
                    }
                }
            }
        }
        return values;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static String interpreter() {
        String property = System.getProperty("repbench.python");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("REPBENCH_PYTHON");
        return env != null && !env.isBlank() ? env : "/usr/bin/python3";
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the augmentation parity tests need Python with torch and torchvision ("
                    + "-Drepbench.python=... or REPBENCH_PYTHON); " + String.join(" ", command) + " failed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
