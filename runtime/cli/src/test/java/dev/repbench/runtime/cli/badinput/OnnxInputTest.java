package dev.repbench.runtime.cli.badinput;

import static dev.repbench.runtime.cli.badinput.UserRun.FAILURE;
import static dev.repbench.runtime.cli.badinput.UserRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.repbench.api.EndTask;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.ExternalModelFiles;
import dev.repbench.runtime.eval.TinyFashionTask;
import dev.repbench.runtime.plugin.TestJar;
import dev.repbench.runtime.report.ReportFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad ONNX files, given to {@code repbench import} (most) and {@code repbench eval}: each is refused on one line
 * naming the file and the fix, with exit code 1, and the encoder folder or results folder written earlier stays
 * byte-identical. The engine's own refusals are unit-tested in {@code ImportErrorsTest} and {@code EncoderFilesTest};
 * these run the commands a user types.
 */
class OnnxInputTest {
    @TempDir
    static Path shared;
    private static Path plugins;
    private static Path data;

    @TempDir
    Path temp;
    /** An encoder imported earlier, which a refused import into the same folder must leave as it was. */
    private Path encoder;
    private Path encoderJson;
    private Unchanged earlier;

    @BeforeAll
    static void taskAndData() throws IOException {
        plugins = Files.createDirectories(shared.resolve("plugins"));
        new TestJar().service(EndTask.class, TinyFashionTask.class.getName()).writeTo(plugins.resolve("tiny.jar"));
        data = TinyFashionTask.writeData(Files.createDirectories(shared.resolve("data")), 40, 20);
    }

    @BeforeEach
    void importedEarlier() throws IOException {
        encoderJson = Files.writeString(temp.resolve("names.json"), OnnxModels.importJson("b5"));
        Path good = OnnxModels.write(temp.resolve("good.onnx"), OnnxModels.tinyEncoder());
        encoder = temp.resolve("encoder");
        assertEquals(0, run("--threads", "2", "import", "--onnx", good.toString(), "--encoder-json", encoderJson.toString(),
                "--out", encoder.toString()).exitCode());
        earlier = Unchanged.of(encoder);
    }

    /** {@code repbench import --onnx ONNX --out <the earlier encoder's folder>}, with {@code more} options. */
    private UserRun importInto(Path onnx, String... more) {
        String[] args = {"--threads", "2", "import", "--onnx", onnx.toString(), "--out", encoder.toString()};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return run(all);
    }

    @Test
    void aFileThatIsNotOnnx() throws IOException {
        Path text = Files.writeString(temp.resolve("model.onnx"), "version https://git-lfs.github.com/spec/v1\n");
        importInto(text).assertRefused(FAILURE, text + " is not an ONNX model: it looks like a text file",
                "give the binary .onnx file");
        earlier.assertUnchanged();
    }

    @Test
    void anEmptyOnnxFile() throws IOException {
        Path empty = Files.write(temp.resolve("empty.onnx"), new byte[0]);
        importInto(empty).assertRefused(FAILURE, empty + " is not an ONNX model: it looks like an empty file",
                "export the encoder again");
        earlier.assertUnchanged();
    }

    @Test
    void aTruncatedOnnxFile() throws IOException {
        byte[] whole = OnnxModels.tinyEncoder().toByteArray();
        Path half = Files.write(temp.resolve("half.onnx"), Arrays.copyOf(whole, whole.length / 2));
        importInto(half).assertRefused(FAILURE, half + " is a truncated ONNX model", "copy or download it again");
        earlier.assertUnchanged();
    }

    @Test
    void externalDataThatIsMissing() throws IOException {
        GraphProto.Builder graph = OnnxModels.tinyEncoder().getGraph().toBuilder().addInitializer(TensorProto.newBuilder()
                .setName("scale").setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")));
        Path onnx = OnnxModels.write(temp.resolve("external.onnx"), OnnxModels.tinyEncoder().toBuilder().setGraph(graph).build());
        importInto(onnx).assertRefused(FAILURE, onnx + " keeps its weights in external data (tensor 'scale' in"
                + " 'weights.bin'), and weights.bin is not beside it: copy it from where the model came from into "
                + onnx.getParent());
        earlier.assertUnchanged();
    }

    @Test
    void severalImageInputs() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("two.onnx"), OnnxModels.withInputs(
                OnnxModels.input("left", TensorProto.DataType.FLOAT, "N", 3L, 8L, 8L),
                OnnxModels.input("right", TensorProto.DataType.FLOAT, "N", 3L, 8L, 8L)));
        importInto(onnx).assertRefused(FAILURE, onnx + " has 2 image inputs ('left' float32 [N, 3, 8, 8], 'right'",
                "an encoder takes one float32 image input [N, 3, H, W]");
        earlier.assertUnchanged();
    }

    @Test
    void noImageInput() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("tokens.onnx"), OnnxModels.withInputs(
                OnnxModels.input("ids", TensorProto.DataType.INT64, "N", 16L)));
        importInto(onnx).assertRefused(FAILURE, onnx + " has no float32 4-D image input with 3 channels (its inputs: 'ids' int64 [N, 16])",
                "re-export it with that input only");
        earlier.assertUnchanged();
    }

    @Test
    void anImageInputOfTheWrongDtype() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("double.onnx"), OnnxModels.withInputs(
                OnnxModels.input("image", TensorProto.DataType.DOUBLE, "N", 3L, 8L, 8L)));
        importInto(onnx).assertRefused(FAILURE, onnx + " takes its image in another type than float32 (its inputs:"
                + " 'image' double [N, 3, 8, 8]); RepBench feeds encoders float32 images: export the model in float32"
                + " (in PyTorch, model.float() before torch.onnx.export)");
        Path half = OnnxModels.write(temp.resolve("half.onnx"), OnnxModels.withInputs(
                OnnxModels.input("image", TensorProto.DataType.FLOAT16, "N", 3L, 8L, 8L)));
        importInto(half).assertRefused(FAILURE, half + " takes its image in another type than float32", "float16");
        earlier.assertUnchanged();
    }

    @Test
    void anImageInputOfTheWrongRank() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("rank3.onnx"), OnnxModels.withInputs(
                OnnxModels.input("image", TensorProto.DataType.FLOAT, 3L, 8L, 8L)));
        importInto(onnx).assertRefused(FAILURE, onnx + " has no float32 4-D image input", "'image' float32 [3, 8, 8]",
                "an encoder takes one float32 image input [N, 3, H, W]");
        earlier.assertUnchanged();
    }

    @Test
    void anOperatorOnnxRuntimeLacks() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("custom.onnx"), OnnxModels.tinyEncoder("FancyRelu"));
        importInto(onnx, "--encoder-json", encoderJson.toString()).assertRefused(FAILURE,
                "ONNX Runtime cannot load " + onnx, "FancyRelu", "check that the model runs in ONNX Runtime");
        earlier.assertUnchanged();
    }

    @Test
    void anOperatorOnnxRuntimeLacksGivenToEval() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("custom.onnx"), OnnxModels.tinyEncoder("FancyRelu"));
        Path results = temp.resolve("results");
        ReportFixtures.records(results, 1, true);
        Unchanged records = Unchanged.of(results);
        run("--threads", "2", "--plugins", plugins.toString(), "eval", "--encoder", onnx.toString(), "--tasks",
                TinyFashionTask.NAME, "--data-root", data.toString(), "--cache", temp.resolve("cache").toString(),
                "--out", results.toString(), "--epochs", "1")
                .assertRefused(FAILURE, 2, "ONNX Runtime cannot load " + onnx, "FancyRelu");
        records.assertUnchanged();
    }

    /**
     * An MLP over the flattened image (exported by the engine's tests with PyTorch): no rule finds feature maps or
     * tokens, so it imports for image-level tasks; eval refuses a pixelwise task up front, before any task is
     * evaluated, saying what the head would need.
     */
    @Test
    void aModelNoRuleReadsGivenAPixelwiseTask() throws Exception {
        Path mlp = temp.resolve("mlp");
        UserRun imported = run("--threads", "2", "import", "--onnx", ExternalModelFiles.onnx("mlp").toString(), "--out",
                mlp.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("imported for image-level tasks only"), imported.out());
        Path results = temp.resolve("results");
        ReportFixtures.records(results, 1, true);
        Unchanged records = Unchanged.of(results);
        run("--threads", "2", "eval", "--encoder", mlp.toString(), "--tasks", "fmnist-cls,fmnist-seg", "--cache",
                temp.resolve("cache").toString(), "--out", results.toString(), "--epochs", "1")
                .assertRefused(FAILURE, "fmnist-seg is a pixelwise task: its head reads the encoder's feature maps block1..blockN",
                        "has [embedding] only (its import found no feature maps and no transformer tokens in it)",
                        "outputs: {block1: '...', block2: '...'}", "--tasks image-level");
        records.assertUnchanged();
    }

    @Test
    void aNamedTensorThatDoesNotExist() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("tiny.onnx"), OnnxModels.tinyEncoder());
        Path json = Files.writeString(temp.resolve("wrong-names.json"), OnnxModels.importJson("b6"));
        importInto(onnx, "--encoder-json", json.toString()).assertRefused(FAILURE,
                json + " names 'b6' as block5, but " + onnx + " has no such tensor", "correct outputs.block5 in wrong-names.json");
        earlier.assertUnchanged();
    }

    @Test
    void anInputSizeTheModelRejects() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("tiny.onnx"), OnnxModels.tinyEncoder());
        importInto(onnx, "--encoder-json", encoderJson.toString(), "--input-size", "16,16").assertRefused(FAILURE,
                onnx + " does not run on a 16x16 image (ONNX Runtime: ", "Expected: 8", "--input-size H,W");
        earlier.assertUnchanged();
    }

    @Test
    void aSizeTheExportFixedGivenToEval() throws IOException {
        Path results = temp.resolve("results");
        run("--threads", "2", "--plugins", plugins.toString(), "eval", "--encoder", encoder.toString(), "--tasks",
                TinyFashionTask.NAME, "--data-root", data.toString(), "--cache", temp.resolve("cache").toString(), "--out",
                results.toString(), "--epochs", "1", "--input-size", "16").assertRefused(FAILURE,
                encoder.resolve(EncoderFiles.ONNX_FILE) + " takes 8x8 images only (its export fixed the size) and was"
                        + " given 16x16: run it at its own size (eval --input-size encoder; cka --size 8)");
        assertEquals(false, Files.exists(results.resolve("records")), "no record for a refused encoder");
    }

    @Test
    void aBatchTheGraphDependsOnGivenToCka() throws IOException {
        Path onnx = OnnxModels.write(temp.resolve("bound.onnx"), OnnxModels.batchBoundEncoder(3));
        UserRun imported = importInto(onnx, "--encoder-json", encoderJson.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        // on 4 images the constant reshape runs, and mixes their rows
        assertTrue(imported.out().contains("adapted: its batch stays fixed at 3, as exported (its output 'pooled' has shape"
                + " [3, 4] where [4, 3] was expected on 4 images)"), imported.out());
        Path out = temp.resolve("cka");
        run("--threads", "2", "cka", "--encoder", encoder.toString(), "--data-root", data.toString(), "--images", "8",
                "--batch", "4", "--size", "8", "--outputs", "embedding", "--cache", temp.resolve("cache").toString(),
                "--out", out.toString(), "--progress", "none").assertRefused(FAILURE,
                encoder.resolve(EncoderFiles.ONNX_FILE) + " takes batches of exactly 3 images (its graph depends on the"
                        + " batch its export fixed), and minibatch CKA's batch of 4 is not a multiple of it: pass a --batch"
                        + " that is, or re-export it with a free batch dimension");
        assertEquals(false, Files.exists(out.resolve("cka.json")), "no CKA file for a refused encoder");
        // a batch of 6 runs in two chunks of 3
        UserRun six = run("--threads", "2", "cka", "--encoder", encoder.toString(), "--data-root", data.toString(),
                "--images", "12", "--batch", "6", "--size", "8", "--outputs", "embedding", "--cache",
                temp.resolve("cache").toString(), "--out", out.toString(), "--progress", "none");
        assertEquals(0, six.exitCode(), six.err());
        assertTrue(Files.exists(out.resolve("cka.json")), "a CKA file for a batch of 6");
    }

    @Test
    void anEncoderFolderWithoutItsOnnxFile() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("not-an-encoder"));
        Path results = temp.resolve("results");
        ReportFixtures.records(results, 1, true);
        Unchanged records = Unchanged.of(results);
        eval(folder, results).assertRefused(FAILURE, "no encoder.onnx in " + folder, "export an encoder there");
        records.assertUnchanged();
    }

    @Test
    void aHalfWrittenEncoderJson() throws IOException {
        Path json = encoder.resolve(EncoderFiles.DESCRIPTOR_FILE);
        byte[] whole = Files.readAllBytes(json);
        Files.write(json, Arrays.copyOf(whole, whole.length / 2));
        Path results = temp.resolve("results");
        eval(encoder, results).assertRefused(FAILURE, "cannot read " + json, "the file was cut short",
                "fix the file, or delete it");
        assertEquals(false, Files.exists(results.resolve("encoders")), "nothing written for an encoder that was refused");
    }

    @Test
    void anEncoderJsonOfAnotherOnnxFile() throws IOException {
        Path onnx = encoder.resolve(EncoderFiles.ONNX_FILE);
        ModelProto changed = ModelProto.parseFrom(Files.readAllBytes(onnx)).toBuilder().setDocString("edited").build();
        Files.write(onnx, changed.toByteArray());
        eval(encoder, temp.resolve("results")).assertRefused(FAILURE, onnx + " (sha256 ",
                "is not the model " + encoder.resolve(EncoderFiles.DESCRIPTOR_FILE) + " describes", "Re-export both");
    }

    private UserRun eval(Path encoderPath, Path results) {
        return run("--threads", "2", "--plugins", plugins.toString(), "eval", "--encoder", encoderPath.toString(),
                "--tasks", TinyFashionTask.NAME, "--data-root", data.toString(), "--cache", temp.resolve("cache").toString(),
                "--out", results.toString(), "--epochs", "1");
    }
}
