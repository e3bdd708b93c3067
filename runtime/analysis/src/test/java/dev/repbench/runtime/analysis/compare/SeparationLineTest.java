package dev.repbench.runtime.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The separation line on hand-computed cases, and its use on a study's table. */
class SeparationLineTest {
    @Test
    void scoresNeedTenPointsOverTheBaselineAndOverChance() {
        assertEquals(0.10, SeparationLine.requiredGap("top1", 0.3), 0.0);
        assertEquals(0.10, SeparationLine.requiredGap("miou", 0.8), 0.0);
        assertTrue(SeparationLine.separates("top1", 0.25, 0.30, 0.41));
        assertFalse(SeparationLine.separates("top1", 0.25, 0.30, 0.39), "9 points over the baseline");
        assertFalse(SeparationLine.separates("top1", 0.25, 0.10, 0.30), "20 points over the baseline, 5 over chance");
        assertTrue(SeparationLine.separates("miou", Double.NaN, 0.60, 0.72), "no chance known: the baseline alone");
    }

    @Test
    void errorMetricsNeedAFifthOfTheBaselinesErrorRemoved() {
        assertEquals(1.5, SeparationLine.error("neg-l1", -1.5), 0.0);
        assertEquals(0.16, SeparationLine.error("one-minus-fl-all", 0.84), 1e-12);
        assertTrue(Double.isNaN(SeparationLine.error("top1", 0.5)));
        assertEquals(0.3, SeparationLine.requiredGap("neg-l1", -1.5), 1e-12);
        assertEquals(0.032, SeparationLine.requiredGap("one-minus-fl-all", 0.84), 1e-12);
        // bench battery's measured rows: depth -1.568 -> -0.838, flow 0.840 -> 0.895 at 40 epochs, 0.839 -> 0.842 at 20
        assertTrue(SeparationLine.separates("neg-l1", Double.NaN, -1.568, -0.838));
        assertTrue(SeparationLine.separates("one-minus-fl-all", Double.NaN, 0.840, 0.895));
        assertFalse(SeparationLine.separates("one-minus-fl-all", Double.NaN, 0.839, 0.842));
    }

    @Test
    void aStudysBestEncoderIsMeasuredAgainstItsRandomInit() {
        EncoderInfo random = new EncoderInfo("00000000aa", "random-init", EncoderInfo.RANDOM_INIT, null, null);
        EncoderInfo otherRandom = new EncoderInfo("00000000ab", "random-init seed 1", EncoderInfo.RANDOM_INIT, null, null);
        EncoderInfo supervised = new EncoderInfo("00000000bb", "supervised", "supervised", "fmnist", 1);
        EncoderInfo moco = new EncoderInfo("00000000cc", "moco-v2", "moco-v2", "fmnist", 1);
        ResultTable table = ResultTable.builder()
                .add(random, "cls", "semantic image-level", "top1", 0, 0.30)
                .add(otherRandom, "cls", "semantic image-level", "top1", 0, 0.36)
                .add(supervised, "cls", "semantic image-level", "top1", 0, 0.50)
                .add(supervised, "cls", "semantic image-level", "top1", 1, 0.40)
                .add(moco, "cls", "semantic image-level", "top1", 0, 0.40)
                .add(random, "depth", "structural pixelwise", "neg-l1", 0, -1.0)
                .add(moco, "depth", "structural pixelwise", "neg-l1", 0, -0.9)
                .add(supervised, "flow", "structural pixelwise", "one-minus-fl-all", 0, 0.9)
                .build();

        List<SeparationLine.Task> tasks = SeparationLine.overRandomInit(table);

        assertEquals(2, tasks.size(), "flow has no random-init score: " + tasks);
        SeparationLine.Task cls = tasks.get(0);
        assertEquals("cls", cls.task());
        assertEquals(0.36, cls.randomInit(), 1e-12, "the better of two random inits");
        assertEquals("supervised", cls.best());
        assertEquals(0.45, cls.bestScore(), 1e-12, "the mean over seeds");
        assertFalse(cls.separates(), "0.45 - 0.36 < 0.10");
        SeparationLine.Task depth = tasks.get(1);
        assertEquals("moco-v2", depth.best());
        assertEquals(0.2, depth.required(), 1e-12);
        assertFalse(depth.separates(), "removes 0.1 of an L1 of 1.0; needs 0.2");
        assertTrue(SeparationLine.overRandomInit(ResultTable.builder()
                .add(supervised, "cls", "semantic image-level", "top1", 0, 0.5).build()).isEmpty());
    }
    /**
     * The {@code random-init} pretraining (random weights, batch-norm statistics estimated on a dataset) records the
     * algorithm random-init with that dataset: a random initialisation, so it raises the floor where it scores higher,
     * and is never counted as self-supervised.
     */
    @Test
    void randomWeightsWithBatchNormStatisticsAreARandomInitThatRaisesTheFloor() {
        EncoderInfo random = new EncoderInfo("00000000aa", "random-init", EncoderInfo.RANDOM_INIT, null, 0);
        EncoderInfo control = new EncoderInfo("00000000ab", "random-init/fashion-mnist/1ep", EncoderInfo.RANDOM_INIT,
                "fashion-mnist", 1);
        EncoderInfo swav = new EncoderInfo("00000000cc", "swav", "swav", "fashion-mnist", 1);
        assertFalse(control.isSelfSupervised());
        assertFalse(control.isSupervised());
        ResultTable table = ResultTable.builder()
                .add(random, "depth", "structural pixelwise", "neg-l1", 0, -1.460)
                .add(control, "depth", "structural pixelwise", "neg-l1", 0, -0.418)
                .add(swav, "depth", "structural pixelwise", "neg-l1", 0, -0.418)
                .build();

        SeparationLine.Task depth = SeparationLine.overRandomInit(table).getFirst();

        assertEquals(-0.418, depth.randomInit(), 1e-12, "the control is the floor");
        assertEquals("swav", depth.best());
        assertFalse(depth.separates(), "SwAV removes none of the control's error");
    }
}
