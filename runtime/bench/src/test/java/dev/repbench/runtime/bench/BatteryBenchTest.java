package dev.repbench.runtime.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
