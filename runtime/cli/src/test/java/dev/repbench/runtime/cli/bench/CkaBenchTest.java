package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.bench.CkaBench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.cli.Main;
import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repbench bench cka} on a tiny run: every part measured and the ratio printed. */
class CkaBenchTest {
    @TempDir
    Path dir;

    @Test
    void flattenedWidthIsChannelsTimesCeiledSideSquared() {
        EncoderDescriptor.Output block5 = new EncoderDescriptor.Output(List.of("N", 2048L, "H/32", "W/32"), 32);
        assertEquals(2048L * 4 * 4, CkaBench.width(block5, 112)); // ⌈112 / 32⌉ = 4
        assertEquals(2048L, CkaBench.width(new EncoderDescriptor.Output(List.of("N", 2048L), null), 112));
    }

    @Test
    void tinyRunPrintsTheSplitAndTheRatio() throws Exception {
        Path data = IdxTestFiles.fashionMnist(dir.resolve("fashion"), 4, 12);
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("--threads", "1", "bench", "cka", "--arch", "resnet18", "--images", "8",
                    "--batch", "4", "--size", "32", "--warmup", "0", "--steps", "1", "--subset", "8",
                    "--data-root", data.toString());
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("8 images in 2 batches"), out);
        Matcher ratio = Pattern.compile("ratio Gram work / forward ([0-9.]+) %").matcher(out);
        assertTrue(ratio.find(), out);
        assertTrue(Double.parseDouble(ratio.group(1)) >= 0, out);
        assertTrue(out.contains("feature-space form (ViRB)") && out.contains("GFLOP/s"), out);
    }
}
