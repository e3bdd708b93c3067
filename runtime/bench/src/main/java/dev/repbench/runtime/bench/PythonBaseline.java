package dev.repbench.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.plugins.kit.bench.PyTorchScript;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a baseline script (a resource of this package, beside the kit's shared modules: {@link PyTorchScript}) in
 * PyTorch on the same libtorch as RepBench: Debian's {@code python3-torch} here, the GPU machine's own PyTorch where
 * the shim was built against it. The script prints one JSON object with {@code step_seconds}, the time of each timed
 * batch.
 */
public final class PythonBaseline {
    private PythonBaseline() {
    }

    /** Images per second over the median timed batch of {@code batch} images. */
    public static double imagesPerSecond(Path python, String script, int batch, List<String> arguments)
            throws IOException, InterruptedException {
        JsonNode times = run(python, script, arguments).get("step_seconds");
        double[] seconds = new double[times.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = times.get(i).asDouble();
        }
        return batch / Timing.median(seconds);
    }

    /** The JSON object {@code script} printed. */
    public static JsonNode run(Path python, String script, List<String> arguments) throws IOException, InterruptedException {
        try (PyTorchScript file = PyTorchScript.extract(PythonBaseline.class, script)) {
            List<String> command = new ArrayList<>(List.of(python.toString(), file.file().toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            Torch.exportNativeSettings(builder.environment());   // PyTorch's threads wait, and its BLAS sums, as RepBench's
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("the PyTorch baseline failed (" + String.join(" ", command) + "): is torch installed for "
                        + python + " (Debian's python3-torch), and the device usable by it? Use --python or --no-pytorch.");
            }
            return new ObjectMapper().readTree(output);
        }
    }
}
