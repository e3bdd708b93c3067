package dev.repbench.torch.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The schedules against their closed forms, computed by hand. */
class LearningRateScheduleTest {
    private static final double EXACT = 1e-15;

    @Test
    void mocoStepsDownTenfoldAtEpochs120And160() {
        StepSchedule moco = StepSchedule.moco(0.03);
        assertEquals(0.03, moco.at(0));
        assertEquals(0.03, moco.at(119));
        assertEquals(0.003, moco.at(120), EXACT);
        assertEquals(0.003, moco.at(159), EXACT);
        assertEquals(0.0003, moco.at(160), EXACT);
        assertEquals(0.0003, moco.at(199), EXACT);
        // Repeated multiplication, bit for bit, as MoCo's adjust_learning_rate computes it.
        assertEquals(0.03 * 0.1 * 0.1, moco.at(160));
    }

    @Test
    void stepScheduleWithCustomMilestones() {
        StepSchedule schedule = new StepSchedule(1.0, new long[] {0, 10, 20}, 0.5);
        assertEquals(0.5, schedule.at(0));
        assertEquals(0.25, schedule.at(10));
        assertEquals(0.125, schedule.at(1000));
        assertEquals(2.0, new StepSchedule(2.0, new long[0], 0.1).at(5));
    }

    @Test
    void cosineWarmsUpLinearlyToTheBaseRate() {
        // SwAV style: linspace(0, 0.6, 10) over steps 0..9, then cosine from 0.6 to 0.0006 over 100 steps.
        CosineSchedule swav = new CosineSchedule(0.0, 0.6, 0.0006, 10, 110);
        assertEquals(0.0, swav.at(0));
        assertEquals(0.2, swav.at(3), EXACT);       // 3 · 0.6 / 9
        assertEquals(0.4, swav.at(6), EXACT);       // 6 · 0.6 / 9
        assertEquals(0.6, swav.at(9));              // linspace ends exactly at the base rate
        assertEquals(0.6, swav.at(10), EXACT);      // cosine at angle 0
    }

    @Test
    void cosineDecaysToTheFinalRate() {
        CosineSchedule swav = new CosineSchedule(0.0, 0.6, 0.0006, 10, 110);
        double halfRange = 0.5 * (0.6 - 0.0006);
        assertEquals(0.0006 + halfRange * (1 + Math.sqrt(0.5)), swav.at(35), EXACT);  // angle π/4
        assertEquals(0.0006 + halfRange, swav.at(60), EXACT);                         // angle π/2
        assertEquals(0.0006 + halfRange * (1 - Math.sqrt(0.5)), swav.at(85), EXACT);  // angle 3π/4
        assertEquals(0.0006, swav.at(110));
        assertEquals(0.0006, swav.at(1_000_000));
    }

    @Test
    void cosineWithoutWarmupIsMocoV2() {
        CosineSchedule mocoV2 = CosineSchedule.withoutWarmup(0.03, 0.0, 200);
        assertEquals(0.03, mocoV2.at(0), EXACT);
        assertEquals(0.015, mocoV2.at(100), EXACT);
        assertEquals(0.03 * 0.5 * (1 + Math.sqrt(0.5)), mocoV2.at(50), EXACT);
        assertEquals(0.0, mocoV2.at(200));
    }

    @Test
    void warmupOfOneStepStartsAtTheStartRate() {
        CosineSchedule schedule = new CosineSchedule(0.1, 1.0, 0.0, 1, 3);
        assertEquals(0.1, schedule.at(0));
        assertEquals(1.0, schedule.at(1), EXACT);
        assertEquals(0.5, schedule.at(2), EXACT);   // angle π/2
    }

    @Test
    void constantScheduleIgnoresTheStep() {
        LearningRateSchedule constant = LearningRateSchedule.constant(0.05);
        assertEquals(0.05, constant.at(0));
        assertEquals(0.05, constant.at(123_456));
    }

    @Test
    void invalidSchedulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepSchedule(0.1, new long[] {160, 120}, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.0, 0.1, 0.0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> StepSchedule.moco(0.03).at(-1));
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.withoutWarmup(0.1, 0.0, 10).at(-1));
    }

    @Test
    void biasCorrectionPowersAreCorrectlyRounded() {
        // Values where fdlibm's pow (StrictMath) is one ulp off the correctly rounded (and glibc's) result.
        assertEquals(0.6561, ExactMath.pow(0.9, 4));
        assertEquals(0.1677721600000001, ExactMath.pow(0.8, 8));
        assertEquals(1.0, ExactMath.pow(0.999, 0));
    }
}
