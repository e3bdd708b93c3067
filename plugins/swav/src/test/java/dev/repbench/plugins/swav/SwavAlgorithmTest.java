package dev.repbench.plugins.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.ResumeCheck;
import dev.repbench.plugins.kit.train.TestPretrainingContext;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.ResNet;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwavAlgorithmTest {
    @TempDir
    Path folder;

    private static AlgorithmConfig tinyConfig(Map<String, Object> extra) {
        Map<String, Object> overrides = new HashMap<>(Map.of(LoopSettings.BATCH_SIZE, 8, LoopSettings.IMAGE_SIDE, 16,
                LoopSettings.WORKERS, 1, SwavSettings.PROTOTYPES, 10, SwavSettings.FREEZE_PROTOTYPES_ITERATIONS, 1));
        overrides.putAll(extra);
        return new SwavAlgorithm().defaultConfig().withOverrides(overrides);
    }

    @Test
    void isFoundThroughTheServiceLoaderWithEveryHyperparameter() {
        PretrainingAlgorithm swav = ServiceLoader.load(PretrainingAlgorithm.class).stream()
                .map(ServiceLoader.Provider::get).filter(a -> a.name().equals("swav")).findFirst().orElseThrow();
        AlgorithmConfig defaults = swav.defaultConfig();
        assertEquals(SwavSettings.PAPER, SwavSettings.from(defaults));
        assertEquals(SwavAlgorithm.LOOP_DEFAULTS, LoopSettings.from(defaults));
        assertEquals(3000L, defaults.values().get(SwavSettings.PROTOTYPES));
    }

    @Test
    void twoStepsOnTinyImagesGiveAnEncoderThatLoadsStrictly() throws Exception {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(16, 16, 0, 1), folder);
        context.config = tinyConfig(Map.of());

        TrainedEncoder encoder = new SwavAlgorithm().pretrain(context);

        assertEquals("resnet18-small", encoder.architectureName());
        assertEquals("2", encoder.provenance().get("steps"));
        assertEquals("10", encoder.provenance().get("prototypes"));
        assertEquals("2xglobal, 6xlocal", encoder.provenance().get("views"));
        double loss = Double.parseDouble(encoder.provenance().get("final-loss"));
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        try (ResNet fresh = ResNet.resnet18Small()) {
            Checkpoints.loadInto(fresh, encoder.checkpoint(), null);
        }
    }

    @Test
    void aRunResumedWithAFullQueueRetracesTheUninterruptedOne() throws Exception {
        // 3 steps of 4 images, interrupted after step 2 (0-based: steps 0 and 1 done): the queue holds 2 batches, is
        // full after them and joins the assignments of step 2, so only a restored queue retraces that step.
        AlgorithmConfig config = tinyConfig(Map.of(LoopSettings.BATCH_SIZE, 4, SwavSettings.HIDDEN_DIM, 32,
                SwavSettings.FEATURE_DIM, 8, SwavSettings.LOCAL_CROPS, 2, SwavSettings.QUEUE_LENGTH, 8,
                SwavSettings.QUEUE_START_EPOCH, 0));
        SampleSource images = TestPretrainingContext.images(12, 16, 0, 2);
        LoopSettings loop = LoopSettings.from(config);
        SwavSettings settings = SwavSettings.from(config);
        ResumeCheck.assertResumeIsExact(folder, images, context -> context.config = config, loop,
                () -> new SwavMethod(settings, loop.batchSize(), "resnet18-small",
                        Device.CPU, MultiCropViews.of(settings, loop.imageSide())), 2);
    }
}
