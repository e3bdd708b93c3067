package dev.repbench.runtime.bench;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.tasks.battery.GarmentClassification;
import dev.repbench.tasks.battery.GarmentDepth;
import dev.repbench.tasks.battery.GarmentFlow;
import dev.repbench.tasks.battery.SceneMotion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line a battery task must pass to count as an instrument, on hand-made scores (issue 16's acceptance). */
class BatteryBenchTest {
    @Test
    void aScoreNeedsTenPointsOverRandomInitAndOverChance() {
        assertTrue(new BatteryBench.Row("t", "top1", 0.25, 0.30, 0.41).separates());
        assertFalse(new BatteryBench.Row("t", "top1", 0.25, 0.30, 0.39).separates(), "9 points over random-init");
        // Issue 16's measured fmnist-count: 0.408 vs 0.358 at chance 0.2.
        assertFalse(new BatteryBench.Row("fmnist-count", "top1", 0.2, 0.358, 0.408).separates());
        assertTrue(new BatteryBench.Row("seg", "miou", Double.NaN, 0.12, 0.23).separates(), "mIoU has no chance column");
        assertFalse(new BatteryBench.Row("seg", "miou", Double.NaN, 0.163, 0.225).separates());
    }

    @Test
    void anErrorMetricNeedsAFifthOfRandomInitsErrorRemoved() {
        // Issue 16's depth: -L1 of -0.38 vs -1.14 removes two thirds of the error.
        BatteryBench.Row depth = new BatteryBench.Row("fmnist-depth", "neg-l1", Double.NaN, -1.14, -0.38);
        assertEquals(1.14, depth.randomError(), 1e-12);
        assertEquals(0.228, depth.requiredGap(), 1e-12);
        assertTrue(depth.separates());
        // Its flow: Fl-all 0.104 vs 0.120 removes 13 %.
        BatteryBench.Row flow = new BatteryBench.Row("fmnist-flow", "one-minus-fl-all", Double.NaN, 0.880, 0.896);
        assertEquals(0.12, flow.randomError(), 1e-12);
        assertFalse(flow.separates());
        assertTrue(new BatteryBench.Row("fmnist-flow", "one-minus-fl-all", Double.NaN, 0.880, 0.905).separates());
    }

    @Test
    void theCeilingIsTheRunWithTheBestValidationNotTheBestTest() {
        BatteryCeiling.Candidate study = new BatteryCeiling.Candidate("study", 0.60, 0.58);
        BatteryCeiling.Candidate luckyOnTest = new BatteryCeiling.Candidate("linear lr=3e-4 200ep", 0.59, 0.70);
        BatteryCeiling.Candidate bestOnValidation = new BatteryCeiling.Candidate("linear lr=1e-3 200ep", 0.65, 0.62);
        assertEquals(bestOnValidation, BatteryCeiling.select(Metric.TOP1, List.of(study, luckyOnTest, bestOnValidation)));
        // Without a better validation score the study's own run is the ceiling, so the ceiling equals STRONG there.
        assertEquals(study, BatteryCeiling.select(Metric.TOP1, List.of(study, luckyOnTest)));
        // A tie keeps the earlier run: the study's, listed first.
        assertEquals(study, BatteryCeiling.select(Metric.TOP1,
                List.of(study, new BatteryCeiling.Candidate("tie", 0.60, 0.99))));
        assertThrows(IllegalArgumentException.class, () -> BatteryCeiling.select(Metric.TOP1, List.of()));
    }

    @Test
    void withTheStudysRunIncludedTheCeilingsValidationIsNeverBelowIt() {
        // -L1: higher is better; the grid's runs all validate worse than the study's except one NaN (a diverged head).
        BatteryCeiling.Candidate study = new BatteryCeiling.Candidate("study", -0.80, -0.84);
        List<BatteryCeiling.Candidate> grid = List.of(study, new BatteryCeiling.Candidate("unet lr=1e-3 30ep", -0.90, -0.70),
                new BatteryCeiling.Candidate("deeplab", Double.NaN, -0.10));
        BatteryCeiling.Candidate ceiling = BatteryCeiling.select(Metric.NEG_L1, grid);
        assertEquals(study, ceiling);
        for (BatteryCeiling.Candidate candidate : grid) {
            assertFalse(Metric.NEG_L1.isBetter(candidate.validation(), ceiling.validation()), candidate.run());
        }
        BatteryBench.Row row = new BatteryBench.Row("fmnist-depth", "neg-l1", Double.NaN, -1.568, study.test(),
                ceiling.test(), ceiling.run());
        assertTrue(row.separates() && row.ceilingAboveBoth() && row.instrument());
    }

    @Test
    void anInstrumentNeedsTheCeilingAboveRandomInitAndChanceToo() {
        assertFalse(new BatteryBench.Row("t", "top1", 0.25, 0.30, 0.45).instrument(), "no ceiling measured");
        assertTrue(new BatteryBench.Row("t", "top1", 0.25, 0.30, 0.45, 0.47, "x").instrument());
        // A ceiling that lands below the line (selected on validation, it tested lower than STRONG) fails the verdict.
        BatteryBench.Row lowCeiling = new BatteryBench.Row("t", "top1", 0.25, 0.30, 0.45, 0.38, "x");
        assertTrue(lowCeiling.separates());
        assertFalse(lowCeiling.ceilingAboveBoth());
        assertFalse(lowCeiling.instrument());
    }

    @Test
    void theGridTriesEveryHeadATaskAdmits() {
        assertEquals(List.of(HeadKind.LINEAR), BatteryCeiling.heads(new GarmentClassification()));
        assertEquals(List.of(HeadKind.MULTI_INPUT_FUSION), BatteryCeiling.heads(new SceneMotion()), "two frames");
        assertEquals(List.of(HeadKind.SIAMESE_UNET), BatteryCeiling.heads(new GarmentFlow()), "two frames, pixelwise");
        // A single-frame pixelwise task admits both single-frame pixelwise heads, its own first.
        assertEquals(List.of(HeadKind.UNET, HeadKind.DEEPLAB_V3_PLUS), BatteryCeiling.heads(new GarmentDepth()));
        assertEquals("3e-4", BatteryCeiling.learningRate(3e-4));
        assertEquals("1e-3", BatteryCeiling.learningRate(1e-3));
    }
}
