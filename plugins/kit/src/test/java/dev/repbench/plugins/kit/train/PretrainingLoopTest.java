package dev.repbench.plugins.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.data.SampleSource;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.ResNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainingLoopTest {
    private static final LoopSettings SETTINGS = new LoopSettings(4, 16, 2);

    @TempDir
    Path folder;

    @Test
    void resumingMidEpochRetracesTheUninterruptedRunBitForBit() throws IOException {
        // 18 images in batches of 4: 4 steps, the last 2 images dropped; the crash is mid-epoch.
        SampleSource images = TestPretrainingContext.images(18, 16, 0, 1);
        ResumeCheck.assertResumeIsExact(folder, images, c -> { }, SETTINGS, ToyMethod::new, 2);
    }

    @Test
    void resumingAtAnEpochBoundaryAlsoRetracesTheRun() throws IOException {
        SampleSource images = TestPretrainingContext.images(9, 16, 0, 2);
        ResumeCheck.assertResumeIsExact(folder, images, c -> c.epochs = 2, SETTINGS, ToyMethod::new, 2);
    }

    @Test
    void dropsTheLastIncompleteBatchAndReportsProgress() throws IOException {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(11, 16, 0, 3), folder);
        context.epochs = 2;
        TrainedEncoder encoder = PretrainingLoop.run(context, SETTINGS, ToyMethod::new);
        // 11 images: 2 full batches per epoch, 4 steps in all, the final one reported.
        assertEquals(4, context.progress.getLast().totalSteps());
        assertEquals(4, context.progress.getLast().step());
        assertTrue(Double.isFinite(context.progress.getLast().loss()));
        assertTrue(context.progress.getLast().imagesPerSecond() > 0);
        assertEquals("4", encoder.provenance().get("steps"));
        assertTrue(Double.isFinite(Double.parseDouble(encoder.provenance().get("final-loss"))));
    }

    @Test
    void checkpointsAreCompleteWhenReportedAndThePreviousIsDeleted() throws IOException {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 4), folder);
        context.epochs = 3;
        context.checkpointEveryEpochs = 1;
        List<String> problems = new ArrayList<>();
        context.onCheckpoint = c -> {
            // Reported only once complete: the file loads, and no temporary file is left beside it.
            try (Scope s = Scope.open(); Stream<Path> files = Files.list(c.file().getParent())) {
                Tensor step = Checkpoints.load(c.file()).get(TrainingCheckpoint.STEP);
                if (step.toLongArray()[0] != c.step()) {
                    problems.add("step " + c.step() + " stored as " + step.toLongArray()[0]);
                }
                if (files.count() > 2) {
                    problems.add("more than the new and the previous checkpoint after step " + c.step());
                }
            } catch (IOException e) {
                problems.add(e.toString());
            }
        };
        PretrainingLoop.run(context, SETTINGS, ToyMethod::new);
        assertEquals(List.of(), problems);
        assertEquals(List.of(2L, 4L, 6L), context.checkpoints.stream().map(Checkpoint::step).toList());
        assertEquals(List.of(1, 2, 3), context.checkpoints.stream().map(Checkpoint::epoch).toList());
        try (Stream<Path> files = Files.list(folder.resolve(PretrainingLoop.CHECKPOINT_FOLDER))) {
            assertEquals(List.of("step-6.pt"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theEncoderLoadsStrictlyIntoTheArchitecture() throws IOException {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(4, 16, 0, 5), folder);
        TrainedEncoder encoder = PretrainingLoop.run(context, SETTINGS, ToyMethod::new);
        assertEquals(folder.resolve(PretrainingLoop.ENCODER_FILE), encoder.checkpoint());
        try (ResNet fresh = ResNet.resnet18Small()) {
            Checkpoints.loadInto(fresh, encoder.checkpoint(), null);
        }
    }

    @Test
    void aDivergingLossStopsNamingTheStepAndTheMethod() {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 6), folder);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PretrainingLoop.run(context, SETTINGS, DivergingMethod::new));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
        assertTrue(e.getMessage().contains("DivergingMethod"), e.getMessage());
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
    }

    @Test
    void differentSeedsTrainDifferentEncoders() throws IOException {
        SampleSource images = TestPretrainingContext.images(4, 16, 0, 7);
        TestPretrainingContext a = new TestPretrainingContext(images, folder.resolve("a"));
        TestPretrainingContext b = new TestPretrainingContext(images, folder.resolve("b"));
        b.seed = 8;
        Path first = PretrainingLoop.run(a, SETTINGS, ToyMethod::new).checkpoint();
        Path second = PretrainingLoop.run(b, SETTINGS, ToyMethod::new).checkpoint();
        try (Scope s = Scope.open()) {
            assertNotEquals(Checkpoints.load(first).get("conv1.weight").toFloatArray()[0],
                    Checkpoints.load(second).get("conv1.weight").toFloatArray()[0]);
        }
        assertFalse(Files.exists(folder.resolve("a").resolve("checkpoints").resolve("step-0.pt")));
    }

    /** The toy method whose loss turns NaN at step 1. */
    static final class DivergingMethod extends ToyMethodDelegate {
        @Override
        public Tensor loss(StepInput input) {
            Tensor loss = super.loss(input);
            return input.step() == 1 ? loss.mul(Double.NaN) : loss;
        }
    }
}
