package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.api.task.HeadKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmarks that stand for an evaluation ({@code bench battery}, {@code bench protocol}) build their settings through
 * {@link ProtocolConfig#study(EndTask, Integer)}: the settings, hence the cells, {@code eval} runs by default. Until
 * this existed they took the image-level batch of 256 for pixelwise heads too, where {@code eval} trains them at 16.
 */
class ProtocolConfigStudyTest {
    @Test
    void aTaskGetsTheSettingsEvalRunsByDefault() {
        for (EndTask task : java.util.List.<EndTask>of(new TinyFashionTask(HeadKind.LINEAR),
                new TinyPixelTask(TinyPixelTask.Kind.SEGMENTATION, 8, 4), new TinyPixelTask(TinyPixelTask.Kind.DEPTH, 8, 4))) {
            assertEquals(ProtocolConfig.forTask(task, ProtocolConfig.Choices.STUDY), ProtocolConfig.study(task, null),
                    task.name());
            assertEquals(ProtocolConfig.forTask(task, ProtocolConfig.Choices.STUDY).withEpochs(3), ProtocolConfig.study(task, 3),
                    task.name());
        }
    }

    @Test
    void pixelwiseHeadsTrainAtTheirOwnBatch() {
        assertEquals(ProtocolConfig.DEFAULT_PIXELWISE_BATCH_SIZE,
                ProtocolConfig.study(new TinyPixelTask(TinyPixelTask.Kind.SEGMENTATION, 8, 4), null).batchSize());
        assertEquals(ProtocolConfig.DEFAULT_BATCH_SIZE, ProtocolConfig.study(new TinyFashionTask(HeadKind.LINEAR), null).batchSize());
    }
}
