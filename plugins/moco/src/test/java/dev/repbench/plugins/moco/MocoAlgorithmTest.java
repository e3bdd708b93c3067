package dev.repbench.plugins.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.TestPretrainingContext;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.io.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MoCo v1 and v2 as RepBench algorithms, run through the kit's loop on 16 random 16² images in batches of 8. */
class MocoAlgorithmTest {
    private static final SampleSource IMAGES = TestPretrainingContext.images(16, 16, 0, 1);

    @Test
    void bothVariantsAreFoundAsServices() {
        List<String> names = ServiceLoader.load(PretrainingAlgorithm.class).stream()
                .map(provider -> provider.get().name()).toList();
        assertTrue(names.containsAll(List.of("moco-v1", "moco-v2")), names.toString());
    }

    @Test
    void defaultConfigsHoldEveryHyperparameterAndTheLoopSettings() {
        for (PretrainingAlgorithm algorithm : List.of(new MocoV1(), new MocoV2())) {
            AlgorithmConfig config = algorithm.defaultConfig();
            assertTrue(config.values().keySet().containsAll(MocoSettings.defaults(MocoVariant.V1).keySet()));
            assertEquals(new LoopSettings(64, 32, 2), LoopSettings.from(config));
        }
        assertEquals(0.07, new MocoV1().defaultConfig().getDouble(MocoSettings.TEMPERATURE));
        assertEquals("moco-v2", new MocoV2().defaultConfig().getString(MocoSettings.AUGMENTATION));
    }

    @Test
    void aTwoStepRunWritesTheEncoderAndRecordsTheQueue(@TempDir Path folder) throws IOException {
        for (PretrainingAlgorithm algorithm : List.of(new MocoV1(), new MocoV2())) {
            TestPretrainingContext context = tinyRun(algorithm, folder.resolve(algorithm.name()));
            TrainedEncoder encoder = algorithm.pretrain(context);

            assertTrue(Files.isRegularFile(encoder.checkpoint()), encoder.checkpoint().toString());
            assertEquals("16", encoder.provenance().get("queue-size"));
            assertEquals("2", encoder.provenance().get("steps"));
            assertTrue(Double.isFinite(Double.parseDouble(encoder.provenance().get("final-loss"))), encoder.provenance().toString());
            assertEquals(2, context.progress.getLast().step());
            try (Scope _ = Scope.open()) {
                Map<String, Tensor> weights = Checkpoints.load(encoder.checkpoint());
                assertArrayEquals(new long[] {64, 3, 3, 3}, weights.get("conv1.weight").shape());
                assertTrue(weights.keySet().stream().noneMatch(name -> name.startsWith("fc")), weights.keySet().toString());
            }
        }
    }

    @Test
    void aRunResumedAfterOneStepEndsBitForBitAsAnUninterruptedOne(@TempDir Path folder) throws IOException {
        MocoV2 algorithm = new MocoV2();
        TestPretrainingContext whole = tinyRun(algorithm, folder.resolve("whole"));
        whole.epochs = 2; // 4 steps: the queue of 16 wraps around once
        TrainedEncoder uninterrupted = algorithm.pretrain(whole);

        TestPretrainingContext first = tinyRun(algorithm, folder.resolve("resumed"));
        first.epochs = 2;
        first.checkpointEverySteps = 3;
        first.onCheckpoint = checkpoint -> {
            if (checkpoint.step() == 3) {
                throw new SimulatedCrash();
            }
        };
        assertThrows(SimulatedCrash.class, () -> algorithm.pretrain(first));
        Checkpoint saved = first.checkpoints.getLast();

        TestPretrainingContext second = tinyRun(algorithm, folder.resolve("resumed"));
        second.epochs = 2;
        second.resume = saved;
        TrainedEncoder resumed = algorithm.pretrain(second);

        try (Scope _ = Scope.open()) {
            Map<String, Tensor> expected = Checkpoints.load(uninterrupted.checkpoint());
            Map<String, Tensor> actual = Checkpoints.load(resumed.checkpoint());
            assertEquals(expected.keySet(), actual.keySet());
            expected.forEach((name, value) -> assertArrayEquals(value.to(DType.FLOAT64).toDoubleArray(),
                    actual.get(name).to(DType.FLOAT64).toDoubleArray(), 0.0, name));
        }
    }

    /** Batch 8 of 16² images, a queue of 16, two groups of 4, one epoch (2 steps). */
    private static TestPretrainingContext tinyRun(PretrainingAlgorithm algorithm, Path output) throws IOException {
        Files.createDirectories(output);
        TestPretrainingContext context = new TestPretrainingContext(IMAGES, output);
        context.config = algorithm.defaultConfig().withOverrides(Map.of(LoopSettings.BATCH_SIZE, 8,
                LoopSettings.IMAGE_SIDE, 16, LoopSettings.WORKERS, 1, MocoSettings.QUEUE_SIZE, 16,
                MocoSettings.SHUFFLE_BN_GROUPS, 2, MocoSettings.MLP_HIDDEN_DIMENSION, 64));
        return context;
    }

    /** Stops a run right after a checkpoint, as a crash would. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
