package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.Sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.Sequential;
import dev.repbench.torch.onnx.OnnxExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    /** A one-convolution model: enough for the file mechanics. */
    private static ModelProto tinyModel(long outChannels) {
        try (Sequential model = new Sequential(new Conv2d(3, outChannels, 3, 1, 1, true))) {
            model.eval();
            return new OnnxExporter().export(model);
        }
    }

    private static EncoderDescriptor descriptorFor(ModelProto model) {
        return new EncoderDescriptor(EncoderDescriptor.FORMAT_VERSION, "tiny", EncoderDescriptor.Preprocessing.imagenet(32, 32),
                EncoderDescriptor.outputsOf(model), new EncoderDescriptor.Provenance("random-init", null, null, 0, 7L, null,
                        "test", Torch.version(), "2024-06-11T12:00:00Z", null));
    }

    @Test
    void aResNetEncoderRoundTripsWithItsOutputsStridesAndHash() throws Exception {
        ModelProto model;
        try (ResNet net = ResNet.resnet18Small().eval()) {
            model = new OnnxExporter().export(net);
        }
        Path dir = temp.resolve("enc");
        EncoderDescriptor written = EncoderFiles.write(dir, model, descriptorFor(model));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("encoder.json", "encoder.onnx"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left behind");
        }
        assertEquals(Sha256.ofFile(dir.resolve("encoder.onnx")), written.provenance().onnxSha256());
        JsonNode json = JSON.readTree(dir.resolve("encoder.json").toFile());
        assertEquals(1, json.get("formatVersion").asInt());
        assertEquals("[\"N\",64,\"H\",\"W\"]", json.at("/outputs/block1/shape").toString());
        assertEquals("[\"N\",512,\"H/8\",\"W/8\"]", json.at("/outputs/block5/shape").toString());
        assertEquals(8, json.at("/outputs/block5/stride").asInt());
        assertTrue(json.at("/outputs/embedding/stride").isNull());
        assertEquals("[0.485,0.456,0.406]", json.at("/preprocessing/mean").toString());
        assertEquals("RGB", json.at("/preprocessing/channelOrder").asText());
        assertEquals(written.provenance().onnxSha256(), json.at("/provenance/onnxSha256").asText());

        LoadedEncoder loaded = EncoderFiles.read(dir);
        assertEquals(written, loaded.descriptor());
        assertEquals(List.of(), loaded.notes());
        assertEquals(List.of("block1", "block2", "block3", "block4", "block5", "embedding"),
                List.copyOf(loaded.descriptor().outputs().keySet()));
        assertEquals(List.of(1, 1, 2, 4, 8), Stream.of(1, 2, 3, 4, 5)
                .map(k -> loaded.descriptor().outputs().get("block" + k).stride()).toList());
        assertEquals(loaded, EncoderFiles.read(dir.resolve("encoder.onnx")), "a folder and its .onnx file read alike");
    }

    @Test
    void rewritingReplacesBothFiles() throws Exception {
        EncoderFiles.write(temp, tinyModel(4), descriptorFor(tinyModel(4)));
        EncoderDescriptor second = EncoderFiles.write(temp, tinyModel(5), descriptorFor(tinyModel(5)));
        assertEquals(second, EncoderFiles.read(temp).descriptor());
    }

    @Test
    void aModelWithoutSidecarGetsDerivedDefaultsAndANote() throws Exception {
        Path onnx = temp.resolve("external.onnx");
        Files.write(onnx, tinyModel(4).toByteArray());
        LoadedEncoder loaded = EncoderFiles.read(onnx);
        assertNull(loaded.descriptorFile());
        assertTrue(loaded.derived());
        EncoderDescriptor d = loaded.descriptor();
        assertEquals(EncoderDescriptor.UNKNOWN_ARCHITECTURE, d.architecture());
        assertEquals(EncoderDescriptor.Preprocessing.imagenet(224, 224), d.preprocessing());
        assertEquals(List.of(OnnxExporter.OUTPUT), List.copyOf(d.outputs().keySet()));
        assertEquals(Sha256.ofFile(onnx), d.provenance().onnxSha256());
        assertEquals(2, loaded.notes().size(), loaded.notes().toString());
        assertTrue(loaded.notes().getFirst().contains("no external.json") && loaded.notes().getFirst().contains("derived defaults"),
                loaded.notes().getFirst());
        assertTrue(loaded.notes().get(1).contains("no 'embedding' output"), loaded.notes().get(1));
    }

    @Test
    void aReplacedModelIsRefusedNamingBothFilesAndTheFix() throws Exception {
        EncoderFiles.write(temp, tinyModel(4), descriptorFor(tinyModel(4)));
        Files.write(temp.resolve("encoder.onnx"), tinyModel(6).toByteArray());
        EncoderFileException e = assertThrows(EncoderFileException.class, () -> EncoderFiles.read(temp));
        String message = e.getMessage();
        assertTrue(message.contains(temp.resolve("encoder.onnx").toString()) && message.contains(temp.resolve("encoder.json").toString())
                && message.contains("repbench export") && message.contains(Sha256.ofFile(temp.resolve("encoder.onnx"))), message);
    }

    @Test
    void aSidecarNamingOutputsTheModelLacksOrAnotherFormatIsRefused() throws Exception {
        EncoderDescriptor written = EncoderFiles.write(temp, tinyModel(4), descriptorFor(tinyModel(4)));
        Path json = temp.resolve("encoder.json");
        ObjectNode tree = (ObjectNode) JSON.readTree(json.toFile());
        ((ObjectNode) tree.get("outputs")).set("embedding", JSON.valueToTree(Map.of("shape", List.of("N", 512))));
        JSON.writeValue(json.toFile(), tree);
        EncoderFileException e = assertThrows(EncoderFileException.class, () -> EncoderFiles.read(temp));
        assertTrue(e.getMessage().contains("[embedding]"), e.getMessage());

        JSON.writeValue(json.toFile(), JSON.valueToTree(written).deepCopy());
        ObjectNode newer = (ObjectNode) JSON.readTree(json.toFile());
        newer.put("formatVersion", 2);
        JSON.writeValue(json.toFile(), newer);
        e = assertThrows(EncoderFileException.class, () -> EncoderFiles.read(temp));
        assertTrue(e.getMessage().contains("format version 2"), e.getMessage());

        Files.writeString(json, "{ not json");
        e = assertThrows(EncoderFileException.class, () -> EncoderFiles.read(temp));
        assertTrue(e.getMessage().contains("cannot read " + json), e.getMessage());
    }

    @Test
    void aFolderWithoutModelOrANonModelFileIsExplained() throws Exception {
        EncoderFileException e = assertThrows(EncoderFileException.class, () -> EncoderFiles.read(temp));
        assertTrue(e.getMessage().contains("no encoder.onnx in " + temp), e.getMessage());
        Path notOnnx = temp.resolve("weights.pt");
        Files.writeString(notOnnx, "x");
        e = assertThrows(EncoderFileException.class, () -> EncoderFiles.read(notOnnx));
        assertTrue(e.getMessage().contains("neither a folder nor an .onnx file"), e.getMessage());
        Path garbage = temp.resolve("garbage.onnx");
        Files.writeString(garbage, "definitely not protobuf \u0000\u0001");
        e = assertThrows(EncoderFileException.class, () -> EncoderFiles.read(garbage));
        assertTrue(e.getMessage().contains("not an ONNX model") || e.getMessage().contains("image input"), e.getMessage());
    }
    /**
     * A bare .onnx file as exporters write it, given to eval without import: an NHWC input (TensorFlow's layout) and a
     * batch fixed at one image are adapted in memory, with a note saying so, and the model then gives PyTorch's
     * embedding for two images at once.
     */
    @Test
    void aBareOnnxFileIsAdaptedInMemoryWithANote() throws Exception {
        for (String name : List.of("resnet18_nhwc", "resnet18_batch1")) {
            ExternalModels.Model model = ExternalModels.model(name);
            LoadedEncoder loaded = EncoderFiles.read(model.onnx());
            String change = name.endsWith("nhwc")
                    ? "its [N, H, W, 3] input is fed from a new [N, 3, H, W] input 'input_nchw' through a Transpose"
                    : "its batch, fixed at 1 by its export, is made free ('N')";
            assertTrue(loaded.notes().contains(model.onnx() + " is adapted in memory: " + change
                    + " ('repbench import' writes the adapted model once)"), loaded.notes().toString());
            Map<String, OrtRun.Output> outputs = OrtRun.run(loaded.modelBytes(), model.input().values(), model.input().shape());
            ExternalModels.Tensor expected = model.outputs().get("embedding");
            double error = ExternalModels.relativeError(outputs.get("embedding").values(), expected.values());
            assertTrue(error <= 1e-4, name + " embedding differs from PyTorch by " + error);
        }
    }
    /**
     * A bare backbone (its stages' maps out, no pooling) given to eval without import: its last map is averaged into
     * the embedding in memory, as its own pooling would, with a note saying so; PyTorch's average pool agrees.
     */
    @Test
    void aBareBackboneIsPooledInMemoryForImageLevelTasks() throws Exception {
        ExternalModels.Model model = ExternalModels.model("resnet18_backbone");
        LoadedEncoder loaded = EncoderFiles.read(model.onnx());
        assertTrue(loaded.notes().stream().anyMatch(n -> n.contains("the global average of its output '")
                && n.contains("(it has no pooled features) is used as the embedding (image-level tasks only)")),
                loaded.notes().toString());
        assertEquals(List.of("N", 512L), loaded.descriptor().outputs().get("embedding").shape());
        Map<String, OrtRun.Output> outputs = OrtRun.run(loaded.modelBytes(), model.input().values(), model.input().shape());
        double error = ExternalModels.relativeError(outputs.get("embedding").values(),
                model.outputs().get("embedding").values());
        assertTrue(error <= 1e-4, "embedding differs from PyTorch's average pool by " + error);
    }
}
