package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ONNX models exported by PyTorch as a user would, with PyTorch's outputs for a seeded input, made by
 * {@code src/test/python/make_external_onnx.py} into {@code target/external-onnx} on first use (tests only).
 * The interpreter is the system property {@code repbench.python}, else the environment variable
 * {@code REPBENCH_PYTHON}, else Debian's {@code /usr/bin/python3} (the {@code python3} first on a PATH may lack
 * torch), as in the native module's tests.
 */
final class ExternalModels {
    /** Must equal FORMAT_VERSION in make_external_onnx.py: a stale folder is regenerated. */
    private static final String FORMAT = "10";
    private static Path folder;

    /** One reference tensor. */
    record Tensor(float[] values, long[] shape) {}

    /** A model and PyTorch's input and outputs for it. */
    record Model(Path onnx, Tensor input, Map<String, Tensor> outputs) {}

    private ExternalModels() {}

    /** The folder of generated files. */
    static synchronized Path folder() throws IOException, InterruptedException {
        if (folder == null) {
            Path dir = RepositoryRoot.resolve("runtime/engine/target/external-onnx");
            Path marker = dir.resolve("COMPLETE");
            if (!Files.isRegularFile(marker) || !Files.readString(marker).strip().equals(FORMAT)) {
                Path script = RepositoryRoot.resolve("runtime/engine/src/test/python/make_external_onnx.py");
                run(List.of(interpreter(), script.toString(), dir.toString()));
            }
            folder = dir;
        }
        return folder;
    }

    /** A model of make_external_onnx.py ({@code resnet18}, {@code mobilenet_v3}, {@code vit}, …) with its reference tensors. */
    static Model model(String name) throws IOException, InterruptedException {
        Path dir = folder();
        JsonNode entry = new ObjectMapper().readTree(dir.resolve("index.json").toFile()).get(name);
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        entry.get("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), tensor(dir, e.getValue())));
        return new Model(dir.resolve(entry.get("onnx").asText()), tensor(dir, entry.get("input")), outputs);
    }

    private static Tensor tensor(Path dir, JsonNode node) {
        long[] shape = new long[node.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get("shape").get(i).asLong();
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(node.get("file").asText())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return new Tensor(values, shape);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the reference tensor " + node, e);
        }
    }

    static String interpreter() {
        return dev.repbench.runtime.features.Python.interpreter();
    }

    /** Runs the generator; fails, never skips, without torch, saying how to point at an interpreter that has it. */
    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 300 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                    + " (the import tests need Python with PyTorch 1.13+ and torchvision; point -Drepbench.python=... or"
                    + " REPBENCH_PYTHON at one):\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** max|a−b| / max|b|. */
    static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("sizes differ: " + actual.length + " vs " + expected.length);
        }
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs((double) expected[i]));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }
}
