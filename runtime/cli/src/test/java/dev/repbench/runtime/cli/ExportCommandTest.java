package dev.repbench.runtime.cli;

import dev.repbench.runtime.io.Sha256;
import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.encoder.OrtRun;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.ResNet;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repbench export} through the configured command line, as a user runs it. */
class ExportCommandTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void aSeededRandomInitEncoderIsWrittenReproduciblyAndRuns() throws Exception {
        Path first = temp.resolve("first");
        CommandRun r = run("--threads", "2", "export", "--arch", "resnet18-small", "--random-init", "--seed", "7", "--out", first.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Exported resnet18-small (random init, seed 7)"), r.out());
        assertTrue(r.out().contains("embedding [N, 512]"), r.out());

        LoadedEncoder loaded = EncoderFiles.read(first);
        EncoderDescriptor d = loaded.descriptor();
        assertEquals(List.of(), loaded.notes());
        assertEquals("resnet18-small", d.architecture());
        assertEquals(List.of(32, 32), d.preprocessing().inputSize());
        assertEquals("random-init", d.provenance().algorithm());
        assertEquals(7L, d.provenance().seed());
        assertEquals(0, d.provenance().epochs());
        assertEquals(Torch.version(), d.provenance().libtorchVersion());
        assertEquals(List.of("block1", "block2", "block3", "block4", "block5", "embedding"), List.copyOf(d.outputs().keySet()));

        byte[] model = Files.readAllBytes(first.resolve(EncoderFiles.ONNX_FILE));
        Map<String, OrtRun.Output> outputs = OrtRun.run(model, new float[1 * 3 * 32 * 32], new long[] {1, 3, 32, 32});
        assertArrayEquals(new long[] {1, 512}, outputs.get("embedding").shape());
        assertArrayEquals(new long[] {1, 512, 4, 4}, outputs.get("block5").shape());

        Path again = temp.resolve("again");
        Path otherSeed = temp.resolve("other");
        assertEquals(0, run("export", "--arch", "resnet18-small", "--random-init", "--seed", "7", "--out", again.toString()).exitCode());
        assertEquals(0, run("export", "--arch", "resnet18-small", "--random-init", "--seed", "8", "--out", otherSeed.toString()).exitCode());
        assertEquals(d.provenance().onnxSha256(), EncoderFiles.read(again).descriptor().provenance().onnxSha256(),
                "the same seed gives the same file");
        assertNotEquals(d.provenance().onnxSha256(), EncoderFiles.read(otherSeed).descriptor().provenance().onnxSha256());
    }

    /** Saves a resnet18-small state dict with every key prefixed, plus {@code extra}; returns its conv1 weight. */
    private static float[] saveCheckpoint(Path file, String prefix, Map<String, float[]> extra) {
        Torch.manualSeed(99);
        try (ResNet net = ResNet.resnet18Small(); Scope s = Scope.open()) {
            Map<String, Tensor> entries = new LinkedHashMap<>();
            net.stateDict().forEach((name, t) -> entries.put(prefix + name, t));
            extra.forEach((name, values) -> entries.put(name, Tensor.of(values, values.length)));
            Checkpoints.save(file, entries);
            return net.stateDict().get("conv1.weight").toFloatArray();
        }
    }

    /** The exported file against the network's own forward: every output within 1e-4, printed; CUDA here fails first. */
    @Test
    void theParityCheckComparesEveryOutputWithTheForwardItCameFrom() {
        Path out = temp.resolve("parity");
        CommandRun r = run("--threads", "2", "export", "--arch", "resnet18-small", "--random-init", "--seed", "3",
                "--out", out.toString(), "--parity-on", "cpu", "--parity-images", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("parity: 2 seeded 32x32 images; libtorch on cpu vs ONNX Runtime CPU provider"), r.out());
        for (String output : List.of("embedding", "block1", "block5")) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("  " + output + " +ONNX vs libtorch cpu [0-9.]+e-[0-9]+")), r.out());
        }
        assertTrue(r.out().matches("(?s).*parity ok: largest relative difference [0-9.]+e-[0-9]+ \\(tolerance 1e-04\\)\\R.*"), r.out());

        CommandRun cuda = run("export", "--arch", "resnet18-small", "--random-init", "--out", temp.resolve("cuda").toString(),
                "--parity-on", "cuda");
        assertEquals(1, cuda.exitCode());
        assertEquals(1, cuda.errLines().size(), cuda.err());
        assertTrue(cuda.err().contains("CPU-only build"), cuda.err());
        assertFalse(Files.exists(temp.resolve("cuda")), "nothing written before the device is known to work");
    }

    @Test
    void aCheckpointLoadsStrictlyAfterStrippingItsPrefix() throws Exception {
        Path checkpoint = temp.resolve("moco.pt");
        float[] conv1 = saveCheckpoint(checkpoint, "module.encoder_q.", Map.of());
        Path out = temp.resolve("enc");
        CommandRun r = run("export", "--arch", "resnet18-small", "--checkpoint", checkpoint.toString(),
                "--strip-prefix", "module.encoder_q.", "--algorithm", "moco-v2", "--dataset", "fashion-mnist",
                "--epochs", "200", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());

        EncoderDescriptor d = EncoderFiles.read(out).descriptor();
        assertEquals("moco-v2", d.provenance().algorithm());
        assertEquals("fashion-mnist", d.provenance().dataset());
        assertEquals(200, d.provenance().epochs());
        assertEquals(3L, d.provenance().seed());
        assertEquals(Sha256.ofFile(checkpoint), d.provenance().checkpointSha256());

        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)));
        TensorProto exported = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("conv1.weight")).findFirst().orElseThrow();
        float[] values = new float[conv1.length];
        exported.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        assertArrayEquals(conv1, values, "the checkpoint's weights, not a random initialisation");
    }

    @Test
    void aMocoTrainingCheckpointIsDetectedAndOnlyItsQueryEncoderLoaded() throws Exception {
        Path checkpoint = temp.resolve("moco_full.pt");
        float[] conv1 = saveCheckpoint(checkpoint, "state_dict.module.encoder_q.", Map.of(
                "state_dict.module.encoder_q.fc.0.weight", new float[] {1, 2, 3},
                "state_dict.module.encoder_k.conv1.weight", new float[] {4},
                "state_dict.module.queue", new float[] {5, 6},
                "optimizer.state.0.momentum_buffer", new float[] {7}));
        Path out = temp.resolve("enc");
        CommandRun r = run("export", "--arch", "resnet18-small", "--checkpoint", checkpoint.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("layout 'moco'") && r.err().contains("3 tensors outside the encoder ignored")
                && r.err().contains("pretraining head dropped: fc.0.weight"), r.err());
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(out.resolve(EncoderFiles.ONNX_FILE)));
        TensorProto exported = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("conv1.weight")).findFirst().orElseThrow();
        float[] values = new float[conv1.length];
        exported.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        assertArrayEquals(conv1, values, "the query encoder's weights");
    }

    @Test
    void aCheckpointWithUnexpectedKeysFailsOnOneLineListingThem() {
        Path checkpoint = temp.resolve("extra.pt");
        saveCheckpoint(checkpoint, "", Map.of("queue.weight", new float[] {1, 2}, "projector.bias", new float[] {3}));
        Path out = temp.resolve("enc");
        CommandRun r = run("export", "--arch", "resnet18-small", "--checkpoint", checkpoint.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().getFirst();
        assertTrue(line.startsWith("repbench: checkpoint ") && line.contains("unexpected keys (2)")
                && line.contains("queue.weight") && line.contains("projector.bias") && line.contains("--layout"), line);
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void aWrongArchitectureOrBothWeightSourcesAreUsageErrors() {
        CommandRun unknown = run("export", "--arch", "vit-b", "--random-init", "--out", temp.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("'vit-b' is not one of resnet18, resnet18-small, resnet50"), unknown.err());
        CommandRun both = run("export", "--arch", "resnet18", "--random-init", "--checkpoint", "x.pt", "--out", temp.toString());
        assertEquals(2, both.exitCode());
        assertEquals(1, both.errLines().size(), both.err());
    }
}
