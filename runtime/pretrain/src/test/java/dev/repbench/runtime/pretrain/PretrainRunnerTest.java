package dev.repbench.runtime.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.Device;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.data.DatasetManifest;
import dev.repbench.runtime.version.Processor;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PretrainRunner} with the test-only {@link FixtureAlgorithm}: layout, export, skip, refusal, resume. */
class PretrainRunnerTest {

    @TempDir
    Path temp;

    private Path fashion;
    private PluginRegistry registry;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @BeforeEach
    void setUp() throws IOException {
        fashion = IdxTestFiles.fashionMnist(temp.resolve("fmnist"), 40, 10);
        registry = PluginRegistry.load(PretrainRunnerTest.class.getClassLoader(), temp.resolve("no-plugins"));
        FixtureAlgorithm.CALLS.clear();
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private PretrainJob job(String variant, int epochs, long seed, Map<String, Object> overrides, Path out) {
        return new PretrainJob(FixtureAlgorithm.NAME, "fashion-mnist", variant, "resnet18-small", epochs, seed, overrides,
                Device.CPU, 2, fashion, out, 1, 0);
    }

    @Test
    void aRunWritesTheLayoutAndExportsALoadableEncoderWithItsProvenance() throws IOException {
        Path out = temp.resolve("run");
        List<TrainingProgress> reports = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Path result = PretrainRunner.run(job("half", 2, 5, Map.of("image-side", "24"), out), registry, reports::add, log::add);
        assertEquals(out.toAbsolutePath(), result);

        PretrainingContext context = FixtureAlgorithm.CALLS.getFirst();
        assertEquals(20, context.trainingImages().size());
        assertEquals(OptionalInt.of(10), context.trainingClassCount());
        assertEquals(24L, context.config().values().get("image-side"));
        assertEquals(0.1, context.config().getDouble("learning-rate"));
        assertEquals(2, reports.size());

        JsonNode record = new ObjectMapper().readTree(out.resolve("pretrain.json").toFile());
        JsonNode manifest = new ObjectMapper().readTree(out.resolve(DatasetManifest.FILE_NAME).toFile());
        assertEquals(FixtureAlgorithm.NAME, record.get("algorithm").asText());
        assertEquals(24, record.get("config").get("image-side").asInt());
        assertEquals("24", record.get("overrides").get("image-side").asText());
        assertEquals(fashion.toAbsolutePath().toString(), record.get("execution").get("dataRoot").asText());
        assertEquals(5, record.get("seed").asInt());
        assertEquals(Torch.version(), record.get("versions").get("libtorch").asText());
        assertEquals(Torch.blas(), record.get("versions").get("blas").asText(), "OpenBLAS and its kernels");
        assertTrue(record.get("versions").has("repbench") && record.get("versions").has("jvm"), record.toString());
        assertEquals(manifest.get("sha256").asText(), record.get("datasetManifestSha256").asText());
        assertEquals(20, manifest.get("entries").size());
        assertTrue(log.getFirst().startsWith("fashion-mnist, half: 20 images"), log.toString());

        Path checkpoints = out.resolve("checkpoints");
        assertFalse(Files.exists(checkpoints.resolve("epoch-1.txt")), "the older checkpoint is deleted");
        assertTrue(Files.exists(checkpoints.resolve("epoch-2.txt")));

        EncoderDescriptor encoder = EncoderFiles.read(out).descriptor();
        assertTrue(encoder.outputs().containsKey("embedding"), encoder.outputs().toString());
        assertEquals(List.of(24, 24), encoder.preprocessing().inputSize());
        EncoderDescriptor.Provenance p = encoder.provenance();
        assertEquals(FixtureAlgorithm.NAME, p.algorithm());
        assertEquals("fashion-mnist/half", p.dataset());
        assertEquals(manifest.get("sha256").asText(), p.datasetManifestSha256());
        assertEquals(2, p.epochs());
        assertEquals(5L, p.seed());
        assertEquals(Sha256.ofFile(out.resolve("encoder.pt")), p.checkpointSha256());
        assertEquals(Processor.describe(), p.processor(), "the weights' bits depend on the processor's kernels");
        assertEquals(record.get("execution").get("processor").asText(), p.processor());
        assertFalse(new String(Files.readAllBytes(out.resolve("encoder.onnx")), StandardCharsets.ISO_8859_1)
                .contains(Processor.describe()), "not in the ONNX file, whose hash is the encoder's identity");

        // Done: a rerun returns at once without training again.
        PretrainRunner.run(job("half", 2, 5, Map.of("image-side", "24"), out), registry, r -> { });
        assertEquals(1, FixtureAlgorithm.CALLS.size());
        assertTrue(PretrainRunner.isDone(out));
    }

    private Path crashedRun(Path out) {
        PretrainException crash = assertThrows(PretrainException.class,
                () -> PretrainRunner.run(job("full", 3, 1, Map.of("crash-after-epoch", 1), out), registry, r -> { }));
        assertTrue(crash.getMessage().contains("rerun to resume from the last checkpoint"), crash.getMessage());
        assertTrue(PretrainRunner.hasCheckpoint(out));
        assertFalse(PretrainRunner.isDone(out));
        return out;
    }

    @Test
    void aRerunResumesFromTheNewestReportedCheckpointIgnoringTemporaryAndUnreportedFiles() throws IOException {
        Path out = crashedRun(temp.resolve("crashed"));
        Path checkpoints = out.resolve("checkpoints");
        Files.writeString(checkpoints.resolve(".epoch-2.txt.1234.partial"), "half written");
        Files.writeString(checkpoints.resolve("epoch-9.txt"), "never reported");

        PretrainRunner.run(job("full", 3, 1, Map.of("crash-after-epoch", 1), out), registry, r -> { });
        Checkpoint resumed = FixtureAlgorithm.CALLS.get(1).resumeFrom().orElseThrow();
        assertEquals(1, resumed.epoch());
        assertEquals(checkpoints.resolve("epoch-1.txt").toAbsolutePath(), resumed.file());
        assertTrue(PretrainRunner.isDone(out));
        assertTrue(Files.exists(checkpoints.resolve("epoch-3.txt")));
        assertFalse(Files.exists(checkpoints.resolve("epoch-1.txt")));
    }

    @Test
    void aRunResumedOnAnotherProcessorModelNamesBothInEncoderJson() throws IOException {
        Path out = crashedRun(temp.resolve("requeued"));
        // As if the first session had run on another node type: pretrain.json names the processor it began on.
        Path record = out.resolve(RunRecord.FILE_NAME);
        String here = Processor.describe();
        String began = "Other Processor 9000, 64 logical processor(s)";
        String written = Files.readString(record);
        Files.writeString(record, written.replace(here, began));
        assertTrue(Files.readString(record).contains(began), "the test replaced the processor");

        PretrainRunner.run(job("full", 3, 1, Map.of("crash-after-epoch", 1), out), registry, r -> { });
        assertEquals(began + "; resumed on " + here, EncoderFiles.read(out).descriptor().provenance().processor());
    }

    @Test
    void anotherJobInTheSameFolderIsRefusedNamingTheDifferencesAndTheFix() {
        Path out = crashedRun(temp.resolve("taken"));
        PretrainException seed = assertThrows(PretrainException.class,
                () -> PretrainRunner.run(job("full", 3, 2, Map.of("crash-after-epoch", 1), out), registry, r -> { }));
        assertTrue(seed.getMessage().contains("records another job (seed 1 there, 2 now)"), seed.getMessage());
        assertTrue(seed.getMessage().contains("use another --out, or delete " + out.toAbsolutePath()), seed.getMessage());

        PretrainException config = assertThrows(PretrainException.class, () -> PretrainRunner.run(
                job("quarter", 3, 1, Map.of("crash-after-epoch", 1, "learning-rate", 0.5), out), registry, r -> { }));
        assertTrue(config.getMessage().contains("variant full there, quarter now; config learning-rate 0.1 there, 0.5 now"),
                config.getMessage());
        assertEquals(1, FixtureAlgorithm.CALLS.size(), "nothing trained");
    }

    @Test
    void unknownAlgorithmsAndConfigNamesAreRefusedListingTheKnownOnes() {
        Path out = temp.resolve("bad");
        PretrainJob unknown = new PretrainJob("mocco", "fashion-mnist", "full", "resnet18-small", 1, 0, Map.of(),
                Device.CPU, 1, fashion, out, 0, 0);
        PretrainException algorithm = assertThrows(PretrainException.class, () -> PretrainRunner.run(unknown, registry, r -> { }));
        assertTrue(algorithm.getMessage().startsWith("unknown algorithm 'mocco'; known: ")
                && algorithm.getMessage().contains(FixtureAlgorithm.NAME), algorithm.getMessage());

        PretrainException key = assertThrows(PretrainException.class,
                () -> PretrainRunner.run(job("full", 1, 0, Map.of("momentum", 0.9), out), registry, r -> { }));
        assertTrue(key.getMessage().contains("unknown config name 'momentum'; known: [crash-after-epoch, image-side, learning-rate]"),
                key.getMessage());
        assertFalse(Files.exists(out), "nothing written for a refused job");
    }

    @Test
    void supervisedPretrainingRunsOnTheGarmentScenesAndTheManifestRecordsTheirGeneratorVersion() throws IOException {
        Path out = temp.resolve("scenes");
        // Ten scenes, one per class, in batches of 5 at 16 px: two steps of the real supervised algorithm.
        PretrainJob job = new PretrainJob("supervised", "fashion-mnist-scenes", "subsample:10", "resnet18-small", 1, 0,
                Map.of("image-side", "16", "batch-size", "5"), Device.CPU, 2, fashion, out, 0, 0);
        PretrainRunner.run(job, registry, r -> { });
        assertTrue(PretrainRunner.isDone(out));
        JsonNode manifest = new ObjectMapper().readTree(out.resolve(DatasetManifest.FILE_NAME).toFile());
        assertEquals(1, manifest.get("generators").get("fashion-mnist-scenes").asInt(), manifest.toString());
        assertEquals(10, manifest.get("entries").size());
        EncoderDescriptor encoder = EncoderFiles.read(out).descriptor();
        assertEquals("fashion-mnist-scenes/subsample:10", encoder.provenance().dataset());
        assertEquals(List.of(16, 16), encoder.preprocessing().inputSize());
    }

    @Test
    void anAlgorithmThatNeedsLabelsIsRefusedOnUnlabelledImagesBeforeAnythingIsWritten() {
        Path out = temp.resolve("unlabelled");
        PretrainJob job = new PretrainJob("supervised", "task:fmnist-cls", "full", "resnet18-small", 1, 0, Map.of(),
                Device.CPU, 1, fashion, out, 0, 0);
        PretrainException e = assertThrows(PretrainException.class, () -> PretrainRunner.run(job, registry, r -> { }));
        assertTrue(e.getMessage().contains("needs labelled images") && e.getMessage().contains("--dataset fashion-mnist"),
                e.getMessage());
        assertFalse(Files.exists(out.resolve("pretrain.json")), "refused before the job is recorded");
    }
}
