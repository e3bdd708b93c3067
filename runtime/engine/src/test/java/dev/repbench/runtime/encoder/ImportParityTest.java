package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.Sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imported models, run by ONNX Runtime, give PyTorch's features: every promoted output of torchvision's ResNet-18
 * and ResNet-50 (found by the stage heuristic) and of a plain conv net (named in encoder.json) agrees to 1e-4
 * relative (max|a−b| / max|b|) on a seeded 2×3×64×64 input.
 */
class ImportParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final List<String> OUTPUTS = List.of("block1", "block2", "block3", "block4", "block5", "embedding");

    @TempDir
    Path temp;

    private static EncoderImporter.Request request(Path onnx, Path json, Path out) {
        return new EncoderImporter.Request(onnx, json, out, List.of(64, 64), null, null, 2);
    }

    @ParameterizedTest
    @CsvSource({"resnet18, '[2, 2, 2, 2]', 512, /layer4/layer4.1/relu_1/Relu_output_0",
                "resnet50, '[3, 4, 6, 3]', 2048, /layer4/layer4.2/relu_2/Relu_output_0"})
    void detectedResNetStagesMatchPyTorch(String name, String unitsPerStage, long channels, String lastRelu) throws Exception {
        ExternalModels.Model model = ExternalModels.model(name);
        Path out = temp.resolve(name);
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        assertEquals(unitsPerStage, result.unitsPerStage().toString());
        assertEquals("/relu/Relu_output_0", result.tensors().get("block1"));
        assertEquals(lastRelu, result.tensors().get("block5"));
        assertEquals("/Flatten_output_0", result.tensors().get("embedding"));

        LoadedEncoder loaded = EncoderFiles.read(out);
        EncoderDescriptor d = loaded.descriptor();
        assertEquals(List.of(), loaded.notes());
        assertEquals(OUTPUTS, List.copyOf(d.outputs().keySet()));
        assertEquals(List.of("N", channels, "H/32", "W/32"), d.outputs().get("block5").shape());
        assertEquals(2, d.outputs().get("block1").stride());
        assertEquals(32, d.outputs().get("block5").stride());
        assertEquals(List.of("N", channels), d.outputs().get("embedding").shape());
        assertEquals("/relu/Relu_output_0", d.outputs().get("block1").tensor());
        assertEquals(EncoderDescriptor.Preprocessing.imagenet(64, 64), d.preprocessing());
        assertEquals(new EncoderDescriptor.Imported(name + ".onnx", Sha256.ofFile(model.onnx()), "detected"),
                d.provenance().imported());
        assertNotNull(d.provenance().createdAt());

        assertParity(name, Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    @Test
    void aPlainConvNetIsRefusedForDetectionButImportsWithNamedTensors() throws Exception {
        ExternalModels.Model model = ExternalModels.model("pyramid");
        EncoderFileException e = assertThrows(EncoderFileException.class,
                () -> EncoderImporter.run(request(model.onnx(), null, temp.resolve("refused"))));
        assertTrue(e.getMessage().startsWith("could not find the ResNet stages in " + model.onnx()
                + " (after the first MaxPool it has 0 residual stages"), e.getMessage());
        assertTrue(e.getMessage().contains("give the tensor names in encoder.json as outputs: {block1: '...'"), e.getMessage());
        assertTrue(Files.notExists(temp.resolve("refused")), "nothing written on refusal");

        Path json = model.onnx().resolveSibling("pyramid.encoder.json");
        Path out = temp.resolve("pyramid");
        // No --input-size: the size comes from the JSON (the model's spatial axes are dynamic).
        EncoderImporter.Result result = EncoderImporter.run(new EncoderImporter.Request(model.onnx(), json, out, null, null, null, 2));
        assertEquals(List.of(), result.unitsPerStage());
        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals("pyramid", d.architecture());
        assertEquals(List.of(64, 64), d.preprocessing().inputSize());
        assertEquals("encoder.json", d.provenance().imported().outputsFrom());
        assertEquals(List.of("N", 24L, "H/32", "W/32"), d.outputs().get("block5").shape());
        assertParity("pyramid", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    @Test
    void aBareExternalModelIsReadForImageLevelUseWithItsEmbeddingPromoted() throws Exception {
        ExternalModels.Model model = ExternalModels.model("resnet18");
        Path bare = temp.resolve("resnet18.onnx");
        Files.copy(model.onnx(), bare);
        LoadedEncoder loaded = EncoderFiles.read(bare);
        assertTrue(loaded.derived());
        assertNotNull(loaded.completedModel());
        assertEquals(List.of("embedding"), List.copyOf(loaded.descriptor().outputs().keySet()));
        assertEquals(List.of("N", 512L), loaded.descriptor().outputs().get("embedding").shape());
        assertEquals(EncoderDescriptor.Preprocessing.imagenet(64, 64), loaded.descriptor().preprocessing(),
                "the model's fixed input size");
        assertEquals(2, loaded.notes().size(), loaded.notes().toString());
        String note = loaded.notes().get(1);
        assertTrue(note.contains("'/Flatten_output_0'") && note.contains("image-level tasks only")
                && note.contains("block1..block5") && note.contains("repbench import --onnx " + bare), note);

        Map<String, OrtRun.Output> actual = OrtRun.run(loaded.modelBytes(), model.input().values(), model.input().shape());
        assertEquals(List.of("embedding"), List.copyOf(actual.keySet()));
        double error = ExternalModels.relativeError(actual.get("embedding").values(), model.outputs().get("embedding").values());
        System.out.printf("bare resnet18 embedding promoted in memory: %.2e%n", error);
        assertTrue(error <= TOLERANCE, "embedding " + error);
    }

    private static void assertParity(String name, byte[] imported, ExternalModels.Model model) throws Exception {
        Map<String, OrtRun.Output> actual = OrtRun.run(imported, model.input().values(), model.input().shape());
        assertEquals(OUTPUTS, List.copyOf(actual.keySet()), "graph outputs");
        List<String> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String output : OUTPUTS) {
            ExternalModels.Tensor expected = model.outputs().get(output);
            assertArrayEquals(expected.shape(), actual.get(output).shape(), output + " shape");
            double error = ExternalModels.relativeError(actual.get(output).values(), expected.values());
            figures.add(output + " " + String.format("%.2e", error));
            if (!(error <= TOLERANCE)) {
                failures.add(output + " " + error);
            }
        }
        System.out.println("import parity " + name + " 2x3x64x64 vs PyTorch (max|a-b|/max|b|): " + String.join(", ", figures));
        assertTrue(failures.isEmpty(), name + " differs from PyTorch beyond " + TOLERANCE + ": " + failures);
        assertTrue(EncoderTensors.BLOCKS.stream().allMatch(actual::containsKey));
    }
}
