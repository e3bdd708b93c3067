package dev.repbench.runtime.cli;

import dev.repbench.runtime.io.Sha256;
import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.ExternalModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code repbench import} through the configured command line, as a user runs it. */
class ImportCommandTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void aTorchvisionResNetIsImportedWithItsPreprocessingOptions() throws Exception {
        Path onnx = ExternalModelFiles.onnx("resnet18");
        Path out = temp.resolve("enc");
        CommandRun r = run("--threads", "2", "import", "--onnx", onnx.toString(), "--out", out.toString(),
                "--input-size", "64,64", "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Imported resnet18.onnx (outputs detected)"), r.out());
        assertTrue(r.out().contains("found feature maps at strides [2, 4, 8, 16, 32]"), r.out());
        assertTrue(r.out().contains("block5 [N, 512, H/32, W/32] stride 32 <- /layer4/layer4.1/relu_1/Relu_output_0"), r.out());
        assertTrue(r.out().contains("embedding [N, 512] <- /Flatten_output_0"), r.out());

        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals(new EncoderDescriptor.Preprocessing(List.of(64, 64), List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25),
                "RGB", List.of(0.0, 1.0)), d.preprocessing());
        assertEquals("resnet18.onnx", d.provenance().imported().sourceFile());
        assertEquals(Sha256.ofFile(onnx), d.provenance().imported().sourceSha256());
    }

    /**
     * A model whose weights lie in an external data file (a ResNet-18 saved so here; what exporters write past 2 GB),
     * as a user runs it: imported and evaluated, evaluated bare without import, and compared by CKA, the imported
     * encoder against the bare file: the same weights, read where they lie, so its embeddings agree to 1.
     */
    @Test
    void aModelWithExternalDataIsImportedEvaluatedAndCompared() throws Exception {
        Path external = ExternalModelFiles.withExternalData(ExternalModelFiles.onnx("resnet18"), temp.resolve("external"));
        Path out = temp.resolve("enc");
        CommandRun imported = run("--threads", "2", "import", "--onnx", external.toString(), "--out", out.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(Files.isRegularFile(out.resolve("weights.bin")), "the data file beside encoder.onnx");
        for (Path encoder : List.of(out, external)) {
            CommandRun eval = run("--threads", "2", "eval", "--encoder", encoder.toString(), "--tasks", "fmnist-rotation",
                    "--epochs", "1", "--cache", temp.resolve("cache").toString(), "--out", temp.resolve("results").toString());
            assertEquals(0, eval.exitCode(), eval.err());
            assertTrue(eval.out().contains("1 record(s) written"), eval.out());
        }
        CommandRun cka = run("--threads", "2", "cka", "--encoder", out.toString(), "--encoder", external.toString(),
                "--outputs", "embedding", "--size", "64", "--images", "64", "--batch", "32", "--cache",
                temp.resolve("cache").toString(), "--out", temp.resolve("cka").toString(), "--progress", "none");
        assertEquals(0, cka.exitCode(), cka.err());
        double value = new com.fasterxml.jackson.databind.ObjectMapper().readTree(temp.resolve("cka/cka.json").toFile())
                .get("values").get(0).get(0).asDouble();
        assertEquals(1.0, value, 1e-4, cka.out());
    }

    /**
     * A Keras ResNet50 as tf2onnx leaves it takes NHWC images in Caffe's BGR order, raw pixel values minus the BGR
     * means: imported with those options (here a ResNet-18 taking NHWC images stands in for it), its encoder.json
     * records them, and eval feeds it so, the blue plane first.
     */
    @Test
    void aCaffeStyleModelIsImportedWithItsChannelOrderAndValueRange() throws Exception {
        Path out = temp.resolve("keras");
        CommandRun r = run("--threads", "2", "import", "--onnx", ExternalModelFiles.onnx("resnet18_nhwc").toString(),
                "--out", out.toString(), "--channel-order", "BGR", "--value-range", "0,255", "--mean",
                "103.939,116.779,123.68", "--std", "1,1,1");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(new EncoderDescriptor.Preprocessing(List.of(64, 64), List.of(103.939, 116.779, 123.68),
                List.of(1.0, 1.0, 1.0), "BGR", List.of(0.0, 255.0)), EncoderFiles.read(out).descriptor().preprocessing());
        CommandRun eval = run("--threads", "2", "eval", "--encoder", out.toString(), "--tasks", "fmnist-rotation",
                "--epochs", "1", "--cache", temp.resolve("cache").toString(), "--out", temp.resolve("results").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(1, ResultStore.open(temp.resolve("results")).list().size());

        CommandRun bad = run("import", "--onnx", ExternalModelFiles.onnx("resnet18_nhwc").toString(), "--out",
                temp.resolve("o").toString(), "--channel-order", "GBR");
        assertEquals(ErrorReporter.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--channel-order"), bad.err());
    }

    /**
     * The acceptance, as a user with their own model runs it: {@code import --onnx mobilenet_v3.onnx --out enc}
     * then {@code eval --encoder enc --tasks battery}, for torchvision's MobileNetV3-small (five maps found by stride)
     * and a small ViT of ViT-B/16's layout (four maps made from its tokens), both exported by torch.onnx without
     * weights. All nine battery tasks are evaluated with the cheapest settings the command line offers (one epoch; the
     * models' input is fixed at the battery's 64²), each with the head the battery's table gives it, so the pixelwise
     * heads build themselves from whatever pyramid the import found.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v3", "vit"})
    void anImportedCnnOrViTIsEvaluatedOnTheWholeBattery(String name) throws Exception {
        Path out = temp.resolve(name);
        CommandRun imported = run("--threads", "2", "import", "--onnx", ExternalModelFiles.onnx(name).toString(), "--out",
                out.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        System.out.print(imported.out());
        String found = name.equals("vit") ? "found a transformer of 4 blocks" : "found feature maps at strides [2, 4, 8, 16, 32]";
        assertTrue(imported.out().contains(found), imported.out());

        long started = System.nanoTime();
        CommandRun eval = run("--threads", "2", "eval", "--encoder", out.toString(), "--tasks", "battery", "--epochs", "1",
                "--cache", temp.resolve("cache").toString(), "--out", temp.resolve("results").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        System.out.printf("%s: the battery, 1 epoch, in %.1f s%n%s", name, (System.nanoTime() - started) / 1e9, eval.out());
        assertTrue(eval.out().contains("9 record(s) written, 0 skipped"), eval.out());

        // The battery's tasks and heads (tasks/battery/package-info.java's table).
        Map<String, String> heads = Map.of("fmnist-cls", "LINEAR", "fmnist-count", "LINEAR", "fmnist-rotation", "LINEAR",
                "fmnist-motion", "MULTI_INPUT_FUSION", "fmnist-seq6", "MULTI_INPUT_FUSION", "fmnist-seg", "DEEPLAB_V3_PLUS",
                "fmnist-walkable", "DEEPLAB_V3_PLUS", "fmnist-depth", "UNET", "fmnist-flow", "SIAMESE_UNET");
        List<ResultRecord> records = ResultStore.open(temp.resolve("results")).list();
        assertEquals(heads.keySet(), records.stream().map(ResultRecord::task).collect(Collectors.toSet()));
        assertEquals(9, records.size());
        for (ResultRecord r : records) {
            assertEquals(heads.get(r.task()), r.head(), r.task() + " head");
            assertTrue(Double.isFinite(r.testAtBestValidation()) && Double.isFinite(r.testAtLastEpoch()),
                    r.task() + " score " + r.testAtBestValidation() + " / " + r.testAtLastEpoch());
            assertEquals(1, r.hyperparameters().epochs(), r.task() + " epochs");
        }
    }

    /**
     * Models a user brings, exported by torch.onnx from torchvision (no weights; ViT-B/16 and ConvNeXt-tiny at their
     * full size, at a 64² input): imported without naming a tensor, then evaluated on one pixelwise battery task
     * (DeepLabv3+ on the found pyramid) and one image-level one (a linear probe on the embedding), one epoch each.
     * MobileNetV3 and the small ViT go through the whole battery above. Two are exported as other tools leave them: a
     * ResNet-18 taking [N, H, W, 3] images, as TensorFlow's exporters write them, and the small ViT exported at one
     * image without dynamic axes (torch.onnx.export's default), whose graph keeps the batch fixed, so its features
     * are computed an image at a time. And a ResNet-18 exported as a backbone, its four stages' maps out and no
     * pooling, whose embedding import makes the average of the last map; a small Swin Transformer, whose stages
     * are maps laid out [N, H, W, C]; and Inception v3 at 96², whose unpadded convolutions make maps a few pixels
     * short of H/s.
     */
    @ParameterizedTest
    @ValueSource(strings = {"efficientnet_b0", "convnext_tiny", "vit_b16", "resnet18_nhwc", "vit_batch1", "resnet18_backbone",
            "swin", "inception_v3"})
    void aCnnOrViTFromTorchvisionIsImportedAndEvaluatedOnPixelwiseAndImageLevelTasks(String name) throws Exception {
        Path out = temp.resolve(name);
        CommandRun imported = run("--threads", "2", "import", "--onnx", ExternalModelFiles.onnx(name).toString(), "--out",
                out.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        System.out.print(imported.out());
        String found = switch (name) {
            case "vit_b16" -> "found a transformer of 12 blocks";
            case "vit_batch1" -> "found a transformer of 4 blocks";
            case "swin" -> "found feature maps at strides [4, 8, 16, 32] (the last on the main path at each; laid out"
                    + " [N, H, W, C] at [4, 8, 16], transposed)";
            default -> "found feature maps";
        };
        assertTrue(imported.out().contains(found), imported.out());
        String adapted = switch (name) {
            case "resnet18_nhwc" -> "adapted: its [N, H, W, 3] input is fed from a new [N, 3, H, W] input 'input_nchw'";
            case "vit_batch1" -> "adapted: its batch stays fixed at 1, as exported";
            default -> null;
        };
        assertEquals(adapted != null, imported.out().contains("adapted: "), imported.out());
        assertTrue(adapted == null || imported.out().contains(adapted), imported.out());

        long started = System.nanoTime();
        // Inception takes its export's 96² only: the battery's 64² canvases are resized to it
        CommandRun eval = run("--threads", "2", "eval", "--encoder", out.toString(), "--tasks", "fmnist-walkable,fmnist-rotation",
                "--epochs", "1", "--cache", temp.resolve("cache").toString(), "--out", temp.resolve("results").toString(),
                "--input-size", name.equals("inception_v3") ? "encoder" : "task");
        assertEquals(0, eval.exitCode(), eval.err());
        System.out.printf("%s: fmnist-walkable and fmnist-rotation, 1 epoch, in %.1f s%n%s", name,
                (System.nanoTime() - started) / 1e9, eval.out());
        assertTrue(eval.out().contains("2 record(s) written"), eval.out());
        assertEquals(2, ResultStore.open(temp.resolve("results")).list().size());
    }

    /**
     * A ViT whose blocks a user names by hand: {@code import --encoder-json} with the token tensors of two chosen
     * layers, one register token as the prefix and the mean of the patch tokens as the embedding (the encoder.json
     * make_external_onnx.py writes beside vit_register.onnx), then one pixelwise battery task (DeepLabv3+ on the two
     * maps) and one image-level one (a linear probe on the embedding), one epoch each.
     */
    @Test
    void aViTWithItsTokenTensorsNamedInEncoderJsonIsImportedAndEvaluated() throws Exception {
        Path onnx = ExternalModelFiles.onnx("vit_register");
        Path out = temp.resolve("vit_register");
        CommandRun imported = run("--threads", "2", "import", "--onnx", onnx.toString(), "--encoder-json",
                onnx.resolveSibling("vit_register.encoder.json").toString(), "--out", out.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        System.out.print(imported.out());
        assertTrue(imported.out().contains("Imported vit_register.onnx (outputs encoder.json)"), imported.out());
        assertTrue(imported.out().contains("found the 2 token tensors encoder.json names on a 4×4 grid of 16-pixel patches"
                + " (1 prefix token): tokens.blocks as maps at strides [16, 32], embedding the mean of patch tokens"), imported.out());
        assertTrue(imported.out().contains("block2 [N, 48, H/32, W/32] stride 32 <- /layers/layers.3/Add_1_output_0"),
                imported.out());

        CommandRun eval = run("--threads", "2", "eval", "--encoder", out.toString(), "--tasks", "fmnist-walkable,fmnist-rotation",
                "--epochs", "1", "--cache", temp.resolve("cache").toString(), "--out", temp.resolve("results").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        System.out.print(eval.out());
        assertTrue(eval.out().contains("2 record(s) written"), eval.out());
        List<ResultRecord> records = ResultStore.open(temp.resolve("results")).list();
        assertEquals(Map.of("fmnist-walkable", "DEEPLAB_V3_PLUS", "fmnist-rotation", "LINEAR"),
                records.stream().collect(Collectors.toMap(ResultRecord::task, ResultRecord::head)));
        for (ResultRecord r : records) {
            assertTrue(Double.isFinite(r.testAtBestValidation()), r.task() + " score " + r.testAtBestValidation());
        }
    }

    @Test
    void failuresAreOneLineWithExitCodeOne() throws Exception {
        Path text = temp.resolve("notes.onnx");
        Files.writeString(text, "hello\nworld\n");
        CommandRun r = run("import", "--onnx", text.toString(), "--out", temp.resolve("o").toString());
        assertEquals(ErrorReporter.FAILURE, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("repbench: " + text + " is not an ONNX model: it looks like a text file"), r.err());

        r = run("import", "--onnx", temp.resolve("missing.onnx").toString(), "--out", temp.resolve("o").toString());
        assertEquals(ErrorReporter.FAILURE, r.exitCode());
        assertTrue(r.err().contains("missing.onnx does not exist: check the --onnx path"), r.err());

        r = run("import", "--onnx", text.toString(), "--out", temp.resolve("o").toString(), "--mean", "0.5,0.5");
        assertEquals(ErrorReporter.USAGE, r.exitCode());
        assertTrue(r.err().contains("--mean and --std take three values"), r.err());
    }
}
