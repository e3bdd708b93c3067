package dev.repbench.plugins.simclr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.TestPretrainingContext;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.optim.LearningRateSchedule;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimClrAlgorithmTest {
    private static final Map<String, Object> TINY = Map.of(LoopSettings.BATCH_SIZE, 4, LoopSettings.IMAGE_SIDE, 16,
            LoopSettings.WORKERS, 1);

    @TempDir
    Path folder;

    @Test
    void isFoundByTheServiceLoader() {
        assertTrue(ServiceLoader.load(PretrainingAlgorithm.class).stream().anyMatch(p -> p.get().name().equals("simclr")));
    }

    @Test
    void twoStepsTrainAnEncoderThatLoadsStrictly() throws Exception {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 1), folder);
        context.config = new SimClrAlgorithm().defaultConfig().withOverrides(TINY);
        TrainedEncoder encoder = new SimClrAlgorithm().pretrain(context);
        assertEquals("2", encoder.provenance().get("steps"));
        assertTrue(Double.isFinite(Double.parseDouble(encoder.provenance().get("final-loss"))));
        try (ResNet fresh = ResNet.resnet18Small()) {
            Checkpoints.loadInto(fresh, encoder.checkpoint(), null);
        }
    }

    @Test
    void theWarmupIsAtMostATenthOfAShortRunAndScalesWithTheBatch() {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(4, 16, 0, 1), folder);
        context.config = new SimClrAlgorithm().defaultConfig().withOverrides(Map.of(LoopSettings.BATCH_SIZE, 512));
        try (SimClrMethod method = new SimClrMethod(context)) {
            // 20 epochs of 5 steps: warm-up 10 steps (not 50), peak 0.3 · 512 / 256 = 0.6 at its end.
            LearningRateSchedule schedule = method.schedule(5, 20);
            assertEquals(0.0, schedule.at(0));
            assertEquals(0.6, schedule.at(9), 1e-12);
            assertTrue(schedule.at(11) < 0.6);
            assertEquals(0.0, schedule.at(100), 1e-12);
        }
    }
}
