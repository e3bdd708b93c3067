package dev.repbench.runtime.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.Device;
import dev.repbench.runtime.encoder.onnx.ImageInput;
import dev.repbench.runtime.features.session.BatchRunner;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repbench.runtime.io.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imported models, run by ONNX Runtime, give PyTorch's features: every promoted output of torchvision's ResNet-18,
 * ResNet-50, MobileNetV3-small, EfficientNet-B0 and ConvNeXt-tiny (found by the stride rule), of torchvision's ViT-B/16,
 * a small ViT of its layout and two small ViTs without a class token and with register tokens (found by the token rule,
 * their maps made by inserted operators), of a ViT whose token tensors encoder.json names, and of a plain conv
 * net (found, or named in encoder.json)
 * agrees to 1e-4 relative (max|a−b| / max|b|) on a seeded 2×3×64×64 input, with the channels and strides of the
 * layers PyTorch reports (make_external_onnx.py chooses them by forward hooks, independently of the graph rule).
 * So do Inception v3 (unpadded convolutions: maps a few pixels short of H/s), a small Swin Transformer (stages laid out [N, H, W, C], transposed), a ResNet-18 exported as a backbone (no pooling: its embedding made the average of its last map) and models
 * whose input import adapts: a ResNet-18 exported at one image (its batch freed), one taking NHWC
 * images (an NCHW input put in front), and the small ViT exported at one image (its batch kept, each image alone).
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
    @CsvSource({"resnet18, 512, /layer4/layer4.1/relu_1/Relu_output_0",
                "resnet50, 2048, /layer4/layer4.2/relu_2/Relu_output_0"})
    void resNetStagesAreFoundByStride(String name, long channels, String lastRelu) throws Exception {
        ExternalModels.Model model = ExternalModels.model(name);
        Path out = temp.resolve(name);
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        assertEquals("cnn-strides", result.rule());
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
        assertEquals(new EncoderDescriptor.Imported(name + ".onnx", Sha256.ofFile(model.onnx()), "detected", "cnn-strides",
                "pooled features", null), d.provenance().imported());
        assertNotNull(d.provenance().createdAt());

        assertParity(name, Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    @ParameterizedTest
    @CsvSource({"mobilenet_v3", "efficientnet_b0", "pyramid"})
    void anyCnnGetsThePyramidPyTorchReports(String name) throws Exception {
        ExternalModels.Model model = ExternalModels.model(name);
        Path out = temp.resolve(name);
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        System.out.println(name + ": " + result.summary());
        assertEquals("cnn-strides", result.rule());
        assertPyramidAsPyTorch(EncoderFiles.read(out).descriptor(), model, List.of(2, 4, 8, 16, 32));
        assertParity(name, Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    /** A stride-4 patchify stem: four levels, from stride 4 (as PyTorch reports them, each stage's last layer norm). */
    @Test
    void aConvNextGetsItsFourLevelsFromStride4() throws Exception {
        ExternalModels.Model model = ExternalModels.model("convnext_tiny");
        Path out = temp.resolve("convnext_tiny");
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        System.out.println("convnext_tiny: " + result.summary());
        assertEquals("cnn-strides", result.rule());
        assertPyramidAsPyTorch(EncoderFiles.read(out).descriptor(), model, List.of(4, 8, 16, 32));
        assertParity("convnext_tiny", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    /**
     * The layers are round(k·L/4), k = 1..4: 1 to 4 of the small ViTs, 3, 6, 9 and 12 of ViT-B/16. The prefix is
     * what comes before the patch tokens: torchvision's class token; none (vit_mean, whose embedding is then the mean of
     * the patch tokens); a class token and 4 register tokens (vit_registers, laid out as DINOv2 with registers).
     */
    @ParameterizedTest
    @CsvSource({"vit, 4, 1 prefix token, class token, encoder_layer_0, encoder_layer_3",
                "vit_b16, 12, 1 prefix token, class token, encoder_layer_2, encoder_layer_11",
                "vit_mean, 4, 0 prefix tokens, mean of patch tokens, layers.0, layers.3",
                "vit_registers, 4, 5 prefix tokens, class token, layers.0, layers.3"})
    void aVisionTransformersTokensBecomeMapsAtFourStrides(String name, int layers, String prefix, String embedding,
                                                          String first, String last) throws Exception {
        ExternalModels.Model model = ExternalModels.model(name);
        Path out = temp.resolve(name);
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        System.out.println(name + ": " + result.summary());
        assertEquals("vit-tokens", result.rule());
        assertTrue(result.summary().contains(layers + " blocks on a 4×4 grid of 16-pixel patches (" + prefix + ")"),
                result.summary());
        assertTrue(result.summary().endsWith("embedding the " + embedding), result.summary());
        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals(embedding, d.provenance().imported().embedding());
        assertEquals(Integer.valueOf(prefix.split(" ")[0]), d.provenance().imported().prefixTokens());
        assertPyramidAsPyTorch(d, model, List.of(4, 8, 16, 32));
        // each level names the block's token sequence it was made from
        assertTrue(d.outputs().get("block1").tensor().contains(first + "/"), d.outputs().get("block1").tensor());
        assertTrue(d.outputs().get("block4").tensor().contains(last + "/"), d.outputs().get("block4").tensor());
        assertParity(name, Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    /**
     * A ViT with one register token and no class token, imported with the encoder.json make_external_onnx.py writes
     * beside it (detection alone would take the register for a class token): the token tensors of layers 2 and 4
     * become block1 and block2 at strides 16 and 32 by the operators detection inserts, the embedding the mean of
     * layer 4's patch tokens, each as PyTorch computes it from the same layers.
     */
    @Test
    void aViTsTokenTensorsNamedInEncoderJsonBecomeMaps() throws Exception {
        ExternalModels.Model model = ExternalModels.model("vit_register");
        Path json = model.onnx().resolveSibling("vit_register.encoder.json");
        Path out = temp.resolve("vit_register");
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), json, out));
        System.out.println("vit_register: " + result.summary());
        assertEquals("vit-tokens", result.rule());
        assertEquals("the 2 token tensors encoder.json names on a 4×4 grid of 16-pixel patches (1 prefix token):"
                + " tokens.blocks as maps at strides [16, 32], embedding the mean of patch tokens", result.summary());
        assertEquals(Map.of("block1", "/layers/layers.1/Add_1_output_0", "block2", "/layers/layers.3/Add_1_output_0",
                "embedding", "/layers/layers.3/Add_1_output_0"), result.tensors());

        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals("vit-register", d.architecture());
        assertEquals(new EncoderDescriptor.Imported("vit_register.onnx", Sha256.ofFile(model.onnx()), "encoder.json",
                "vit-tokens", "mean of patch tokens", 1), d.provenance().imported());
        assertEquals(List.of("block1", "block2", "embedding"), List.copyOf(d.outputs().keySet()));
        assertEquals(List.of("N", 48L, "H/16", "W/16"), d.outputs().get("block1").shape());
        assertEquals(List.of("N", 48L, "H/32", "W/32"), d.outputs().get("block2").shape());
        assertEquals(32, d.outputs().get("block2").stride());
        assertEquals("/layers/layers.3/Add_1_output_0", d.outputs().get("block2").tensor());
        assertParity("vit_register", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    @Test
    void aModelNoRuleReadsIsImportedForImageLevelTasks() throws Exception {
        ExternalModels.Model model = ExternalModels.model("mlp");
        Path out = temp.resolve("mlp");
        EncoderImporter.Result result = EncoderImporter.run(new EncoderImporter.Request(model.onnx(), null, out, null, null,
                null, 2));
        assertEquals("none", result.rule());
        assertTrue(result.summary().contains("imported for image-level tasks only"), result.summary());
        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals(List.of("embedding"), List.copyOf(d.outputs().keySet()));
        assertEquals("none", d.provenance().imported().rule());
        assertParity("mlp", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    @Test
    void namedTensorsOverrideTheRule() throws Exception {
        ExternalModels.Model model = ExternalModels.model("pyramid");
        Path json = model.onnx().resolveSibling("pyramid.encoder.json");
        Path out = temp.resolve("pyramid");
        // No --input-size: the size comes from the JSON (the model's spatial axes are dynamic).
        EncoderImporter.Result result = EncoderImporter.run(new EncoderImporter.Request(model.onnx(), json, out, null, null, null, 2));
        assertEquals(null, result.rule(), "every block named: no rule ran");
        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals("pyramid", d.architecture());
        assertEquals(List.of(64, 64), d.preprocessing().inputSize());
        assertEquals("encoder.json", d.provenance().imported().outputsFrom());
        assertEquals(List.of("N", 24L, "H/32", "W/32"), d.outputs().get("block5").shape());
        assertParity("pyramid", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
        assertEquals(null, d.provenance().processor(), "weights not trained here, and encoder.json names none");
    }

    @Test
    void anImportKeepsTheProvenanceItsEncoderJsonGivesTheProcessorIncluded() throws Exception {
        ExternalModels.Model model = ExternalModels.model("pyramid");
        ObjectNode given = (ObjectNode) new ObjectMapper().readTree(
                model.onnx().resolveSibling("pyramid.encoder.json").toFile());
        given.putObject("provenance").put("algorithm", "moco-v2").put("processor", "Some CPU, 8 logical processor(s)");
        Path json = Files.writeString(temp.resolve("with-provenance.encoder.json"), given.toString());
        Path out = temp.resolve("pyramid-with-provenance");
        EncoderImporter.run(new EncoderImporter.Request(model.onnx(), json, out, null, null, null, 2));
        EncoderDescriptor.Provenance p = EncoderFiles.read(out).descriptor().provenance();
        assertEquals("moco-v2", p.algorithm());
        assertEquals("Some CPU, 8 logical processor(s)", p.processor());
    }

    /** Each block has the channels and the stride of PyTorch's layer (its shape over the 64×64 input). */
    /**
     * Inception v3's unpadded convolutions leave its maps a few pixels short of H/s (45, 20, 9, 4, 1 at 96²): the
     * stride rule reads their strides from how they grow with the input, probing the model, exported at a fixed
     * size, with its size freed, and finds the last map of each stage as its forward runs them.
     */
    @Test
    void unpaddedConvolutionsAreReadByHowTheirMapsGrow() throws Exception {
        ExternalModels.Model model = ExternalModels.model("inception_v3");
        Path out = temp.resolve("inception_v3");
        EncoderImporter.Result result = EncoderImporter.run(new EncoderImporter.Request(model.onnx(), null, out,
                List.of(96, 96), null, null, 2));
        assertEquals("cnn-strides", result.rule());
        assertEquals(List.of("/Conv2d_2b_3x3/Relu_output_0", "/Conv2d_4a_3x3/Relu_output_0", "/Mixed_5d/Concat_output_0",
                "/Mixed_6e/Concat_output_0", "/Mixed_7c/Concat_output_0"),
                OUTPUTS.subList(0, 5).stream().map(result.tensors()::get).toList());
        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        for (int k = 0; k < 5; k++) {
            String block = OUTPUTS.get(k);
            assertEquals(2 << k, d.outputs().get(block).stride(), block + " stride");
            assertEquals(model.outputs().get(block).shape()[1], d.outputs().get(block).shape().get(1), block + " channels");
        }
        assertArrayEquals(new long[] {2, 64, 45, 45}, model.outputs().get("block1").shape(), "PyTorch's stride-2 map");
        assertParity("inception_v3", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    /**
     * Weights kept in an external data file, as exporters write models past protobuf's 2 GB: import reads the graph,
     * leaves the weights where they are, puts the file beside the encoder.onnx it writes (a hard link on one file
     * system) and records its sha-256; the encoder then gives PyTorch's features, ONNX Runtime reading the weights
     * from the encoder's folder.
     */
    @Test
    void weightsInExternalDataStayInTheirFileBesideTheEncoder() throws Exception {
        ExternalModels.Model model = ExternalModels.model("resnet18");
        Path external = ExternalModelFiles.withExternalData(model.onnx(), temp.resolve("external"));
        assertTrue(Files.size(external) < 1 << 20, "the graph alone: " + Files.size(external) + " bytes");
        Path out = temp.resolve("resnet18-external");
        EncoderImporter.Result result = EncoderImporter.run(request(external, null, out));
        assertEquals("cnn-strides", result.rule());
        assertTrue(Files.isSameFile(external.resolveSibling("weights.bin"), out.resolve("weights.bin")), "hard-linked");
        String recorded = EncoderFiles.read(out).descriptor().provenance().imported().externalDataSha256();
        assertEquals(dev.repbench.runtime.encoder.onnx.ExternalData.sha256(
                ModelProto.parseFrom(Files.readAllBytes(external)), external.getParent()).orElseThrow(), recorded);
        Map<String, OrtRun.Output> actual = OrtRun.run(Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), out,
                model.input().values(), model.input().shape());
        for (String output : OUTPUTS) {
            double error = ExternalModels.relativeError(actual.get(output).values(), model.outputs().get(output).values());
            assertTrue(error <= TOLERANCE, output + " differs from PyTorch by " + error);
        }
    }

    /**
     * A Swin Transformer's stages are maps laid out [N, H, W, C]: the stride rule reads them so and transposes them,
     * and the levels are the stages' outputs PyTorch computes, the last after the final norm (whose permute makes it
     * NCHW in the model itself).
     */
    @Test
    void aSwinTransformersChannelsLastStagesAreTransposedIntoThePyramid() throws Exception {
        ExternalModels.Model model = ExternalModels.model("swin");
        Path out = temp.resolve("swin");
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        System.out.println("swin: " + result.summary());
        assertEquals("cnn-strides", result.rule());
        assertEquals("feature maps at strides [4, 8, 16, 32] (the last on the main path at each; laid out [N, H, W, C] at"
                + " [4, 8, 16], transposed)", result.summary());
        assertPyramidAsPyTorch(EncoderFiles.read(out).descriptor(), model, List.of(4, 8, 16, 32));
        assertParity("swin", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    /**
     * A ResNet-18 exported as a backbone, the maps of its four stages out and no pooling: the stride rule finds the
     * pyramid, and the embedding becomes the global average of the stride-32 map, PyTorch's own average pool.
     */
    @Test
    void aBackboneWithoutPoolingGetsTheAverageOfItsLastMapAsEmbedding() throws Exception {
        ExternalModels.Model model = ExternalModels.model("resnet18_backbone");
        Path out = temp.resolve("resnet18_backbone");
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        assertEquals("cnn-strides", result.rule());
        assertTrue(result.summary().endsWith("no pooled features, so the embedding is the global average of the stride-32"
                + " map"), result.summary());
        assertEquals(result.tensors().get("block5"), result.tensors().get("embedding"));
        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals("global average of the last feature map", d.provenance().imported().embedding());
        assertEquals(List.of("N", 512L), d.outputs().get("embedding").shape());
        assertPyramidAsPyTorch(d, model, List.of(2, 4, 8, 16, 32));
        assertParity("resnet18_backbone", Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)), model);
    }

    /**
     * torch.onnx.export without dynamic axes fixes the batch at its example's one image: import frees it (the graph
     * runs the same on 2 images), records that in encoder.json, and the written model gives PyTorch's features for
     * the 2-image input.
     */
    @Test
    void aBatchFixedAtOneByItsExportIsFreed() throws Exception {
        ExternalModels.Model model = ExternalModels.model("resnet18_batch1");
        assertEquals(List.of(1L, 3L, 64L, 64L), declaredInput(Files.readAllBytes(model.onnx())).dimensions());
        Path out = temp.resolve("resnet18_batch1");
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        List<String> freed = List.of("its batch, fixed at 1 by its export, is made free ('N')");
        assertEquals(freed, result.inputChanges());
        assertEquals(freed, EncoderFiles.read(out).descriptor().provenance().imported().input());
        byte[] written = Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE));
        assertEquals(List.of("N", 3L, 64L, 64L), declaredInput(written).dimensions());
        assertParity("resnet18_batch1", written, model);
    }

    /**
     * An input laid out [N, H, W, 3], as TensorFlow's exporters write it (here a ResNet-18 behind a permute): import
     * puts a new [N, 3, H, W] input in front of it through a Transpose, finds the pyramid behind it, and the written
     * model gives PyTorch's features for the NCHW image.
     */
    @Test
    void anNhwcInputGetsAnNchwInputInFront() throws Exception {
        ExternalModels.Model model = ExternalModels.model("resnet18_nhwc");
        ImageInput declared = declaredInput(Files.readAllBytes(model.onnx()));
        assertEquals(ImageInput.Layout.NHWC, declared.layout());
        assertEquals(List.of("batch", 64L, 64L, 3L), declared.dimensions());
        Path out = temp.resolve("resnet18_nhwc");
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        assertEquals(List.of("its [N, H, W, 3] input is fed from a new [N, 3, H, W] input 'input_nchw' through a Transpose"),
                result.inputChanges());
        assertEquals("cnn-strides", result.rule());
        assertEquals("/model/layer4/layer4.1/relu_1/Relu_output_0", result.tensors().get("block5"));
        byte[] written = Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE));
        ImageInput input = declaredInput(written);
        assertEquals("input_nchw", input.name());
        assertEquals(List.of("batch", 3L, 64L, 64L), input.dimensions());
        assertParity("resnet18_nhwc", written, model);
    }

    /**
     * torchvision's ViT exported at one image reshapes to a constant [1, 48, 16], so its batch cannot be freed: import
     * says so and keeps it, the written model gives PyTorch's features image by image, and the feature runner asked
     * for batches of 64 runs batches of 1.
     */
    @Test
    void aBatchTheGraphDependsOnStaysFixedAndEachImageRunsAlone() throws Exception {
        ExternalModels.Model model = ExternalModels.model("vit_batch1");
        Path out = temp.resolve("vit_batch1");
        EncoderImporter.Result result = EncoderImporter.run(request(model.onnx(), null, out));
        assertEquals(1, result.inputChanges().size(), result.inputChanges().toString());
        String kept = result.inputChanges().getFirst();
        assertTrue(kept.startsWith("its batch stays fixed at 1, as exported (its graph does not run on 2 images: Reshape"
                + " node '/Reshape': "), kept);
        assertTrue(kept.endsWith("features and CKA's Grams are computed 1 image at a time; re-export it with a free"
                + " batch dimension to run whole batches"), kept);
        assertEquals("vit-tokens", result.rule());
        byte[] written = Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE));
        assertEquals(List.of(1L, 3L, 64L, 64L), declaredInput(written).dimensions());

        int perImage = 3 * 64 * 64;
        ExternalModels.Tensor embedding = model.outputs().get("embedding");
        int width = (int) embedding.shape()[1];
        LoadedEncoder loaded = EncoderFiles.read(out);
        assertEquals(List.of(), loaded.notes());
        try (EncoderSession session = OnnxEngine.open(loaded, Device.CPU, 2);
             BatchRunner runner = session.newBatchRunner(64, 64, 64, List.of("embedding"), 1, true)) {
            assertEquals(1, session.fixedBatch());
            assertEquals(1, runner.batchSize());
            for (int image = 0; image < 2; image++) {
                float[] one = Arrays.copyOfRange(model.input().values(), image * perImage, (image + 1) * perImage);
                runner.input(0).put(0, one);
                float[] actual = new float[width];
                runner.run(0, 1).values("embedding").get(0, actual);
                float[] expected = Arrays.copyOfRange(embedding.values(), image * width, (image + 1) * width);
                double error = ExternalModels.relativeError(actual, expected);
                assertTrue(error <= TOLERANCE, "image " + image + " embedding differs from PyTorch by " + error);
            }
        }
    }

    private static ImageInput declaredInput(byte[] onnx) throws Exception {
        return ImageInput.of(ModelProto.parseFrom(onnx), Path.of("model.onnx"));
    }

    private static void assertPyramidAsPyTorch(EncoderDescriptor d, ExternalModels.Model model, List<Integer> strides) {
        List<String> blocks = d.outputs().keySet().stream().filter(o -> o.startsWith("block")).toList();
        assertEquals(strides.size(), blocks.size(), "levels: " + d.outputs().keySet());
        for (int k = 0; k < blocks.size(); k++) {
            long[] reference = model.outputs().get(blocks.get(k)).shape();
            EncoderDescriptor.Output output = d.outputs().get(blocks.get(k));
            assertEquals(strides.get(k), output.stride(), blocks.get(k) + " stride");
            assertEquals(64 / strides.get(k), reference[2], blocks.get(k) + ": PyTorch's layer is at that stride too");
            assertEquals(reference[1], output.shape().get(1), blocks.get(k) + " channels");
        }
        assertEquals(model.outputs().get("embedding").shape()[1], d.outputs().get("embedding").shape().get(1));
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
        List<String> expectedOutputs = OUTPUTS.stream().filter(model.outputs()::containsKey).toList();
        assertEquals(expectedOutputs, List.copyOf(actual.keySet()), "graph outputs");
        List<String> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String output : expectedOutputs) {
            ExternalModels.Tensor expected = model.outputs().get(output);
            assertArrayEquals(expected.shape(), actual.get(output).shape(), output + " shape");
            double error = ExternalModels.relativeError(actual.get(output).values(), expected.values());
            figures.add(output + " " + String.format("%.2e", error));
            if (!(error <= TOLERANCE)) {
                failures.add(output + " " + error);
            }
        }
        System.out.println("import parity " + name + " " + Arrays.toString(model.input().shape())
                + " vs PyTorch (max|a-b|/max|b|): " + String.join(", ", figures));
        assertTrue(failures.isEmpty(), name + " differs from PyTorch beyond " + TOLERANCE + ": " + failures);
    }
}
