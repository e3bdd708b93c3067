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
     * Models a user brings, exported by torch.onnx from torchvision (no weights; ViT-B/16 and ConvNeXt-tiny at their
     * full size, at a 64² input): imported without naming a tensor,
     * then evaluated on one pixelwise battery task (DeepLabv3+ on the found pyramid) and one image-level one (a
     * linear probe on the embedding), one epoch each.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v3", "efficientnet_b0", "convnext_tiny", "vit", "vit_b16"})
    void aCnnOrViTFromTorchvisionIsImportedAndEvaluatedOnPixelwiseAndImageLevelTasks(String name) throws Exception {
        Path out = temp.resolve(name);
        CommandRun imported = run("--threads", "2", "import", "--onnx", ExternalModelFiles.onnx(name).toString(), "--out",
                out.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        System.out.print(imported.out());
        String found = switch (name) {
            case "vit" -> "found a transformer of 4 blocks";
            case "vit_b16" -> "found a transformer of 12 blocks";
            default -> "found feature maps";
        };
        assertTrue(imported.out().contains(found), imported.out());

        long started = System.nanoTime();
        CommandRun eval = run("--threads", "2", "eval", "--encoder", out.toString(), "--tasks", "fmnist-walkable,fmnist-rotation",
                "--epochs", "1", "--cache", temp.resolve("cache").toString(), "--out", temp.resolve("results").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        System.out.printf("%s: fmnist-walkable and fmnist-rotation, 1 epoch, in %.1f s%n%s", name,
                (System.nanoTime() - started) / 1e9, eval.out());
        assertTrue(eval.out().contains("2 record(s) written"), eval.out());
        assertEquals(2, ResultStore.open(temp.resolve("results")).list().size());
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
