package dev.repbench.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.OrtRun;
import dev.repbench.runtime.features.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that a torchvision ResNet-18 saved by PyTorch in each layout the study's encoders ship in (plain, DataParallel,
 * MoCo, SwAV, VISSL; written by src/test/python/make_study_checkpoints.py) is found by {@code export --layout auto},
 * loaded strictly, and exported to an ONNX encoder whose embedding equals PyTorch's.
 */
class StudyCheckpointExportTest {
    private static Path fixtures;
    private static JsonNode index;

    @TempDir
    Path temp;

    @BeforeAll
    static void generate(@TempDir Path dir) throws Exception {
        Path script = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("src/test/python/make_study_checkpoints.py");
        Python.run(Files.readString(script), dir.toString());
        fixtures = dir;
        index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"torchvision.pth", "data_parallel.pth", "moco.pth.tar", "swav.pth", "vissl.torch"})
    void eachStudyLayoutExportsPyTorchsEncoder(String file) throws Exception {
        Path out = temp.resolve("encoder");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute("export", "--arch", "resnet18", "--checkpoint", fixtures.resolve(file).toString(),
                "--input-size", "64,64", "--out", out.toString(), "--threads", "2");
        assertEquals(0, exit, err.toString());
        String layout = index.get("layouts").get(file).asText();
        assertTrue(err.toString().contains("as layout '" + layout + "'"), err.toString());

        float[] input = floats(fixtures.resolve("input.f32"));
        float[] expected = floats(fixtures.resolve("embedding.f32"));
        Map<String, OrtRun.Output> outputs = OrtRun.run(Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), input,
                new long[] {2, 3, 64, 64});
        float[] embedding = outputs.get("embedding").values();
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(embedding[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        assertTrue(maxDiff / maxRef < 1e-4, file + ": embedding differs from PyTorch's by " + maxDiff / maxRef + " (relative)");
    }

    private static float[] floats(Path file) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
