package dev.repbench.plugins.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedAlgorithmTest {
    private static final Map<String, Object> TINY = Map.of(LoopSettings.BATCH_SIZE, 4, LoopSettings.IMAGE_SIDE, 16,
            LoopSettings.WORKERS, 1);

    @TempDir
    Path folder;

    private static void tiny(TestPretrainingContext context) {
        context.config = new SupervisedAlgorithm().defaultConfig().withOverrides(TINY);
        context.classCount = OptionalInt.of(3);
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertTrue(ServiceLoader.load(PretrainingAlgorithm.class).stream()
                .anyMatch(p -> p.get().name().equals("supervised")));
    }

    @Test
    void twoStepsTrainAnEncoderThatLoadsStrictly() throws Exception {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 3, 1), folder);
        tiny(context);
        TrainedEncoder encoder = new SupervisedAlgorithm().pretrain(context);
        assertEquals("2", encoder.provenance().get("steps"));
        assertTrue(Double.isFinite(Double.parseDouble(encoder.provenance().get("final-loss"))));
        try (ResNet fresh = ResNet.resnet18Small()) {
            Checkpoints.loadInto(fresh, encoder.checkpoint(), null);
        }
    }

    @Test
    void resumingRetracesTheUninterruptedRun() throws Exception {
        SampleSource images = TestPretrainingContext.images(16, 16, 3, 2);
        AlgorithmConfig config = new SupervisedAlgorithm().defaultConfig().withOverrides(TINY);
        ResumeCheck.assertResumeIsExact(folder, images, SupervisedAlgorithmTest::tiny, LoopSettings.from(config),
                () -> new SupervisedMethod(contextFor(images), 3), 2);
    }

    private TestPretrainingContext contextFor(SampleSource images) {
        TestPretrainingContext context = new TestPretrainingContext(images, folder);
        tiny(context);
        return context;
    }

    @Test
    void unlabelledImagesAreRefusedClearly() {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 3), folder);
        context.config = new SupervisedAlgorithm().defaultConfig().withOverrides(TINY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SupervisedAlgorithm().pretrain(context));
        assertTrue(e.getMessage().contains("labelled"), e.getMessage());
    }
}
