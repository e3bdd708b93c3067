package dev.repbench.runtime.encoder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to an import gets one line naming the file, what is wrong and the fix; nothing is written. */
class ImportErrorsTest {
    @TempDir
    Path temp;

    /** Imports {@code onnx} (with {@code json} and {@code size} if given) expecting a refusal; returns its message. */
    private String refusal(Path onnx, Path json, List<Integer> size) {
        Path out = temp.resolve("out");
        EncoderFileException e = assertThrows(EncoderFileException.class,
                () -> EncoderImporter.run(new EncoderImporter.Request(onnx, json, out, size, null, null, 2)));
        String message = e.getMessage();
        System.out.println("refused: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(Files.notExists(out), "nothing written");
        return message;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void aTextFileIsNamedAsText() throws Exception {
        Path file = temp.resolve("model.onnx");
        Files.writeString(file, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\n");
        assertContains(refusal(file, null, null), file + " is not an ONNX model: it looks like a text file",
                "version https://git-lfs", "give the binary .onnx file");
    }

    @Test
    void aPngIsNamedAsAnImage() throws Exception {
        Path file = temp.resolve("cat.onnx");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        assertContains(refusal(file, null, null), file + " is not an ONNX model: it looks like a PNG image");
    }

    @Test
    void aTorchCheckpointIsNamedAsOneWithTheExportFix() throws Exception {
        Path checkpoint = ExternalModels.folder().resolve("checkpoint.pt");
        assertContains(refusal(checkpoint, null, null), checkpoint + " is not an ONNX model: it looks like a PyTorch checkpoint",
                "torch.onnx.export", "repbench export --checkpoint");
    }

    @Test
    void aTruncatedModelIsNamedTruncated() throws Exception {
        byte[] whole = Files.readAllBytes(ExternalModels.model("pyramid").onnx());
        Path file = temp.resolve("half.onnx");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertContains(refusal(file, null, null), file + " is a truncated ONNX model", "copy or download it again");
    }

    @Test
    void moreThanOneImageInputIsRefusedListingThem() throws Exception {
        Path file = write("two.onnx", model(List.of(input("left", 1, 4, 3, 8, 8), input("right", 1, 4, 3, 8, 8)),
                NodeProto.newBuilder().setOpType("Add").addInput("left").addInput("right").addOutput("sum").build(), "sum"));
        assertContains(refusal(file, null, null), file + " has 2 image inputs ('left' float32 [N, 3, 8, 8], 'right' float32 [N, 3, 8, 8])",
                "an encoder takes one float32 image input [N, 3, H, W]");
    }

    @Test
    void noFloatImageInputIsRefusedSayingWhatThereIs() throws Exception {
        Path file = write("tokens.onnx", model(List.of(input("ids", 7, 2, 16)),
                NodeProto.newBuilder().setOpType("Identity").addInput("ids").addOutput("same").build(), "same"));
        assertContains(refusal(file, null, null), file + " has no float32 4-D image input with 3 channels (its inputs: 'ids' int64 [N, 16])");
    }

    @Test
    void aDeclaredOutputMissingFromTheGraphNamesTheJsonAndNearestNames() throws Exception {
        Path onnx = ExternalModels.model("resnet18").onnx();
        Path json = temp.resolve("encoder.json");
        Files.writeString(json, "{ \"outputs\" : { \"block3\" : \"/layer2/layer2.1/relu/Relu_output\" } }");
        assertContains(refusal(onnx, json, List.of(64, 64)), json + " names '/layer2/layer2.1/relu/Relu_output' as block3, but "
                + onnx + " has no such tensor", "/layer2/layer2.1/relu/Relu_output_0", "correct outputs.block3 in encoder.json");

        Files.writeString(json, "{ \"outputs\" : { \"block6\" : \"/relu/Relu_output_0\" } }");
        assertContains(refusal(onnx, json, null), json + " names an output 'block6'");
    }

    /** vit_register.encoder.json's {@code tokens} with {@code field} set to {@code value} (JSON), as names.json. */
    private Path tokensWith(String field, String value) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Path given = ExternalModels.model("vit_register").onnx().resolveSibling("vit_register.encoder.json");
        ObjectNode root = (ObjectNode) mapper.readTree(given.toFile());
        ((ObjectNode) root.get("tokens")).set(field, mapper.readTree(value));
        return Files.writeString(temp.resolve("names.json"), mapper.writeValueAsString(root));
    }

    @Test
    void namedTokenTensorsThatAreWrongAreRefusedNamingTheField() throws Exception {
        Path onnx = ExternalModels.model("vit_register").onnx();
        List<Integer> size = List.of(64, 64);
        Path json = tokensWith("blocks", "[\"/layers/layers.1/Add_1_output_0\", \"/layers/layers.3/Add_1_output\"]");
        assertContains(refusal(onnx, json, size), json + " names '/layers/layers.3/Add_1_output' as tokens.blocks[1], but "
                + onnx + " has no such tensor", "/layers/layers.3/Add_1_output_0", "correct tokens.blocks[1] in names.json");

        json = tokensWith("blocks", "[\"/conv_proj/Conv_output_0\", \"/layers/layers.3/Add_1_output_0\"]");
        assertContains(refusal(onnx, json, size), json + " names '/conv_proj/Conv_output_0' as tokens.blocks[0], but in "
                + onnx + " it has shape [1, 48, 4, 4], not tokens [N, T, D]", "name the output of a transformer block");

        json = tokensWith("prefixTokens", "2");
        assertContains(refusal(onnx, json, size), json + ": '/layers/layers.1/Add_1_output_0' (tokens.blocks[0]) has 17"
                + " tokens, but tokens.prefixTokens 2 + a 4×4 patch grid (16-pixel patches of the 64×64 input) make 18",
                "correct tokens.prefixTokens (1 fits this grid) or the patch size in names.json");

        json = tokensWith("patchSize", "8");
        assertContains(refusal(onnx, json, size), "has 17 tokens, but tokens.prefixTokens 1 + a 8×8 patch grid",
                "make 65: correct tokens.prefixTokens or the patch size");

        json = tokensWith("patchSize", "12");
        assertContains(refusal(onnx, json, size), json + ": tokens.patchSize 12 does not divide the 64×64 input",
                "preprocessing.inputSize or --input-size");

        ObjectNode grid = (ObjectNode) new ObjectMapper().readTree(tokensWith("patchGrid", "[5, 5]").toFile());
        ((ObjectNode) grid.get("tokens")).remove("patchSize");
        json = Files.writeString(temp.resolve("names.json"), grid.toString());
        assertContains(refusal(onnx, json, size), json + ": tokens.patchGrid [5, 5] does not cut the 64×64 input into"
                + " square patches");
    }

    @Test
    void aTokensObjectThatIsMalformedIsRefusedWithItsShape() throws Exception {
        Path onnx = ExternalModels.model("vit_register").onnx();
        assertContains(refusal(onnx, tokensWith("blocks", "[\"/layers/layers.3/Add_1_output_0\"]"), null),
                "names.json: tokens.blocks is a list of 2 to 4 tensor names of the model");
        assertContains(refusal(onnx, tokensWith("prefixTokens", "-1"), null), "names.json: tokens.prefixTokens is the"
                + " number of tokens before the patch tokens", "got -1");
        assertContains(refusal(onnx, tokensWith("patchGrid", "[4, 4]"), null), "names.json: give tokens.patchSize",
                "one of them, not both");
        assertContains(refusal(onnx, tokensWith("embedding", "\"class\""), null), "names.json: tokens.embedding is"
                + " 'class-token' or 'mean-patch-tokens', got \"class\"", "name it as outputs.embedding instead");
        Path noPrefix = tokensWith("prefixTokens", "0");
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(noPrefix.toFile());
        ((ObjectNode) root.get("tokens")).put("embedding", "class-token");
        Files.writeString(noPrefix, root.toString());
        assertContains(refusal(onnx, noPrefix, null), "names.json: tokens.embedding is class-token but"
                + " tokens.prefixTokens is 0, so there is no class token");
        ((ObjectNode) root.get("tokens")).put("prefixTokens", 1);
        root.putObject("outputs").put("block1", "/layers/layers.1/Add_1_output_0");
        Files.writeString(noPrefix, root.toString());
        assertContains(refusal(onnx, noPrefix, null), "names.json names blocks twice, in tokens and as outputs.block1");
        root.putObject("outputs").put("embedding", "/ln/LayerNormalization_output_0");
        Files.writeString(noPrefix, root.toString());
        assertContains(refusal(onnx, noPrefix, null), "names.json gives the embedding twice, as tokens.embedding and"
                + " outputs.embedding");
    }

    @Test
    void anInputSizeTheModelRejectsReportsOnnxRuntimesMessage() throws Exception {
        Path onnx = ExternalModels.model("resnet18").onnx();
        assertContains(refusal(onnx, null, List.of(96, 96)), onnx + " does not run on a 96x96 image (ONNX Runtime: ",
                "Expected: 64", "--input-size H,W");
    }

    @Test
    void externalDataThatIsNotBesideTheModelIsNamedWithWhereToPutIt() throws Exception {
        ModelProto pyramid = ModelProto.parseFrom(Files.readAllBytes(ExternalModels.model("pyramid").onnx()));
        GraphProto.Builder graph = pyramid.getGraph().toBuilder();
        TensorProto.Builder weights = graph.getInitializerBuilder(0);
        weights.clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("pyramid.onnx.data"));
        Path file = write("pyramid-external.onnx", pyramid.toBuilder().setGraph(graph).build());
        assertContains(refusal(file, null, null), file + " keeps its weights in external data (tensor '"
                + graph.getInitializer(0).getName() + "' in 'pyramid.onnx.data'), and pyramid.onnx.data is not beside it:"
                + " copy it from where the model came from into " + file.getParent());
        weights.clearExternalData().addExternalData(StringStringEntryProto.newBuilder().setKey("location")
                .setValue("../elsewhere/pyramid.onnx.data"));
        Path outside = write("pyramid-outside.onnx", pyramid.toBuilder().setGraph(graph).build());
        assertContains(refusal(outside, null, null), outside + " keeps weights in external data at"
                + " '../elsewhere/pyramid.onnx.data', outside its folder: external data files must lie beside the model");
    }

    @Test
    void externalDataCutShortIsNamedBeforeOnnxRuntimeReadsIt() throws Exception {
        Path external = ExternalModelFiles.withExternalData(ExternalModels.model("resnet18").onnx(), temp.resolve("cut"));
        Path weights = external.resolveSibling("weights.bin");
        long size = Files.size(weights);
        try (var channel = java.nio.channels.FileChannel.open(weights, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size / 2);
        }
        assertContains(refusal(external, null, null), weights + " holds " + size / 2 + " bytes, but tensor '",
                "' of " + external + " reads up to byte ", ": the file is cut short or another model's; copy it again");
    }

    @Test
    void aGraphWithoutFeatureMapsOrEmbeddingIsRefusedWithTheJsonRecipe() throws Exception {
        Path file = write("conv.onnx", model(List.of(input("image", 1, 4, 3, 8, 8)),
                NodeProto.newBuilder().setOpType("Relu").addInput("image").addOutput("r").build(), "r"));
        assertContains(refusal(file, null, null), "could not find the pooled embedding in " + file,
                "outputs: {embedding: '...'} and pass it with --encoder-json");
    }

    private Path write(String name, ModelProto model) throws Exception {
        Path file = temp.resolve(name);
        Files.write(file, model.toByteArray());
        return file;
    }

    private static ModelProto model(List<ValueInfoProto> inputs, NodeProto node, String output) {
        GraphProto graph = GraphProto.newBuilder().setName("g").addAllInput(inputs).addNode(node)
                .addOutput(ValueInfoProto.newBuilder().setName(output)).build();
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph).build();
    }

    /** An input of element type {@code elemType} with a symbolic batch {@code N} and the given other sizes. */
    private static ValueInfoProto input(String name, int elemType, int rank, long... sizes) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int i = 0; i < rank - 1; i++) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(sizes[i]));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }
}
