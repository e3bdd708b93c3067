package dev.repbench.plugins.moco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Both sides of the benchmark run on a tiny step (batch 8, 8² images); the real figures come from its main. */
class MocoStepBenchmarkTest {
    private static final MocoStepBenchmark.Options TINY =
            new MocoStepBenchmark.Options(8, 8, 1, 0, 1, Path.of("/usr/bin/python3"), "resnet18-small", Device.CPU);

    @Test
    void bothSidesMeasureAThroughput() throws IOException {
        MocoStepBenchmark.Result result = MocoStepBenchmark.run(TINY);
        assertTrue(result.oursImagesPerSecond() > 0, result.toJson());
        assertTrue(result.pytorchImagesPerSecond() > 0, result.toJson());
        assertEquals(result.oursImagesPerSecond() / result.pytorchImagesPerSecond(), result.ratio(), 1e-12);
        assertTrue(result.toJson().contains("\"ratio_ours_over_pytorch\""), result.toJson());
    }

    @Test
    void aMissingInterpreterIsReportedClearly() {
        MocoStepBenchmark.Options noPython = new MocoStepBenchmark.Options(8, 8, 1, 0, 1, Path.of("/nonexistent/python3"),
                "resnet18-small", Device.CPU);
        assertThrows(IOException.class, () -> MocoStepBenchmark.measurePytorch(noPython));
    }
}
