package dev.repbench.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repbench.api.Precision;
import dev.repbench.runtime.bench.HeadStepBench.HeadChoice;
import dev.repbench.tasks.heads.Pyramid;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Module;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench heads}: the PyTorch twin builds the heads RepBench trains, and a tiny run measures every line. */
class HeadStepBenchTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @BeforeAll
    static void load() {
        Torch.load();
    }

    @Test
    void theArchitecturesPyramidIsItsBlocks() {
        Pyramid small = HeadStepBench.pyramidOf("resnet18-small");
        assertEquals(Pyramid.of(new long[] {64, 64, 128, 256, 512}, new long[] {1, 1, 2, 4, 8}), small);
        assertEquals(Pyramid.RESNET18, HeadStepBench.pyramidOf("resnet18"));
    }

    /** The twin is written from the heads' descriptions: the same layers and widths give the same parameter count. */
    @Test
    void thePyTorchTwinHasRepBenchsParameters() throws Exception {
        for (String arch : List.of("resnet18", "resnet18-small")) {
            Pyramid pyramid = HeadStepBench.pyramidOf(arch);
            var config = new HeadStepBench.Config(arch, 16, 2, 1, 0, 1, List.of(HeadChoice.values()), PYTHON);
            for (HeadChoice head : HeadChoice.values()) {
                JsonNode twin = PythonBaseline.run(PYTHON, HeadStepBench.PYTORCH_SCRIPT,
                        HeadStepBench.pytorchArguments(config, pyramid, head, Precision.FP32));
                long ours;
                try (Module module = HeadStepBench.newHead(head, pyramid)) {
                    ours = module.parameterCount();
                }
                assertEquals(ours, twin.get("parameters").asLong(), head.id() + " on " + arch);
                assertEquals(1, twin.get("step_seconds").size());
            }
        }
    }

    @Test
    void aTinyRunMeasuresEveryHeadInBothPrecisions() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        var config = new HeadStepBench.Config("resnet18-small", 16, 2, 1, 0, 1, List.of(HeadChoice.values()), null);
        List<HeadStepBench.Line> lines = HeadStepBench.run(config, new PrintStream(captured, true, StandardCharsets.UTF_8));
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(6, lines.size(), out);
        boolean bf16 = !Torch.cpuBf16Features().isEmpty();
        for (HeadStepBench.Line line : lines) {
            assertEquals(HeadStepBench.REPBENCH, line.who());
            if (line.precision() == Precision.FP32 || bf16) {
                assertTrue(line.samplesPerSecond() > 0, line.toString());
            }
        }
        assertArrayEquals(new String[] {"deeplabv3plus", "unet", "siamese-unet"},
                lines.stream().map(l -> l.head().id()).distinct().toArray(String[]::new));
        assertTrue(out.contains("RepBench bf16 / RepBench fp32"), out);
    }

    @Test
    void anUnknownHeadIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadChoice.fromId("fpn"));
        assertTrue(e.getMessage().contains("deeplabv3plus, unet, siamese-unet"), e.getMessage());
    }
}
