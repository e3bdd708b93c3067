package dev.repbench.runtime.eval;

import dev.repbench.api.task.Metric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reported epoch is chosen on validation, never on test. */
class EpochSelectionTest {
    private static final Metric LOWER = new Metric("l1", Metric.Direction.LOWER_IS_BETTER, "an error");

    @Test
    void theEpochIsChosenOnValidationWhileTestPeaksElsewhere() {
        double[] validation = {0.50, 0.70, 0.65, 0.60};
        double[] test = {0.40, 0.55, 0.90, 0.58}; // test peaks at epoch 3: a test-chosen model would report 0.90
        EpochSelection s = EpochSelection.select(Metric.TOP1, validation, test);
        assertEquals(2, s.bestEpoch());
        assertEquals(0.70, s.validationAtBest());
        assertEquals(0.55, s.testAtBestValidation());
        assertEquals(0.58, s.testAtLastEpoch());
    }

    @Test
    void tiesGoToTheEarlierEpoch() {
        EpochSelection s = EpochSelection.select(Metric.TOP1, new double[] {0.2, 0.8, 0.8, 0.8}, new double[] {0, 1, 2, 3});
        assertEquals(2, s.bestEpoch());
        assertEquals(1, s.testAtBestValidation());
    }

    @Test
    void lowerIsBetterMetricsSelectTheMinimum() {
        EpochSelection s = EpochSelection.select(LOWER, new double[] {3, 1, 2}, new double[] {9, 8, 0});
        assertEquals(2, s.bestEpoch());
        assertEquals(8, s.testAtBestValidation());
    }

    @Test
    void nanValidationScoresAreNeverChosenOverNumbers() {
        EpochSelection s = EpochSelection.select(Metric.TOP1, new double[] {Double.NaN, 0.1, Double.NaN}, new double[] {5, 6, 7});
        assertEquals(2, s.bestEpoch());
    }

    @Test
    void curvesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> EpochSelection.select(Metric.TOP1, new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> EpochSelection.select(Metric.TOP1, new double[0], new double[0]));
    }
}
