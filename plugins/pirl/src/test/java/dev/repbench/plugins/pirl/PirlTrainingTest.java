package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.plugins.kit.train.TestPretrainingContext;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.io.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PIRL through the kit's loop: 9 images of 24 px (cells of 8, patches of 6), batch 4, so 2 steps; 8 negatives. */
class PirlTrainingTest {
    private static final Map<String, Object> TINY = Map.of("negatives", 8);

    @TempDir
    Path folder;

    @Test
    void twoStepsTrainAnEncoder() throws IOException {
        TestPretrainingContext context = TinyPirlRuns.context(9, 24, TINY, Files.createDirectories(folder.resolve("run")));
        TrainedEncoder encoder = new Pirl().pretrain(context);
        assertTrue(Files.size(encoder.checkpoint()) > 0);
        assertEquals("2", encoder.provenance().get("steps"));
        assertEquals("8", encoder.provenance().get("negatives"));
        assertEquals("9", encoder.provenance().get("memory-bank-size"));
        assertTrue(Double.parseDouble(encoder.provenance().get("nce-normalising-constant")) > 0);
        TrainingProgress last = context.progress.getLast();
        assertTrue(Double.isFinite(last.loss()), "loss " + last.loss());
    }

    /** The memory bank and Z are resumable state: a run interrupted after step 1 ends where an uninterrupted one does. */
    @Test
    void aResumedRunEndsWithTheSameEncoder() throws IOException {
        TestPretrainingContext whole = TinyPirlRuns.context(9, 24, TINY, Files.createDirectories(folder.resolve("whole")));
        Path expected = new Pirl().pretrain(whole).checkpoint();

        TestPretrainingContext interrupted =
                TinyPirlRuns.context(9, 24, TINY, Files.createDirectories(folder.resolve("interrupted")));
        interrupted.checkpointEverySteps = 1;
        interrupted.onCheckpoint = checkpoint -> {
            throw new IllegalStateException("simulated crash after step " + checkpoint.step());
        };
        assertThrows(IllegalStateException.class, () -> new Pirl().pretrain(interrupted));
        assertEquals(1, interrupted.checkpoints.getFirst().step());

        TestPretrainingContext resumed = TinyPirlRuns.context(9, 24, TINY, interrupted.output);
        resumed.resume = interrupted.checkpoints.getFirst();
        Path actual = new Pirl().pretrain(resumed).checkpoint();

        try (Scope s = Scope.open()) {
            Map<String, Tensor> a = Checkpoints.load(expected);
            Map<String, Tensor> b = Checkpoints.load(actual);
            assertEquals(a.keySet(), b.keySet());
            a.forEach((name, tensor) -> assertTrue(tensor.allClose(b.get(name), 0, 0), name + " differs after resume"));
        }
    }
}
