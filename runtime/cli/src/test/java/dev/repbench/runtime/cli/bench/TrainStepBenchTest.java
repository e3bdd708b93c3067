package dev.repbench.runtime.cli.bench;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.runtime.bench.TrainStepBench;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training step benchmark's arithmetic and its three RepBench settings, on a tiny step. */
class TrainStepBenchTest {

    @Test
    void theSmallImageResNetCostsWhatItsLayersCount() {
        // 0.5559 GMACs per 32x32 image, counted layer by layer on torchvision's modules with forward hooks.
        assertEquals(6 * 0.5559, TrainStepBench.trainGflopPerImage("resnet18-small", 32), 6 * 0.5559 * 0.01);
        assertEquals(6 * 1.81, TrainStepBench.trainGflopPerImage("resnet18", 224), 1e-9);
    }

    @Test
    void everySettingRunsTheStep() {
        TrainStepBench.Config tiny = new TrainStepBench.Config("resnet18-small", 4, 8, 1, 0, 1, Device.CPU, null);
        assertTrue(TrainStepBench.javaImagesPerSecond(tiny, Precision.FP32, false) > 0);
        assertTrue(TrainStepBench.javaImagesPerSecond(tiny, Precision.FP32, true) > 0);
        if (Torch.cpuHasNativeBf16()) {
            assertTrue(TrainStepBench.javaImagesPerSecond(tiny, Precision.BF16, true) > 0);
        }
    }
}
