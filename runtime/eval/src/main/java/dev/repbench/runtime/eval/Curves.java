package dev.repbench.runtime.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A head's scores after every epoch and the epoch chosen on validation.
 *
 * @param validationCurve the metric on validation after each epoch
 * @param testCurve       the metric on test after each epoch (recorded, never used for selection)
 * @param selection       the epoch chosen on validation, and its scores
 */
public record Curves(double[] validationCurve, double[] testCurve, EpochSelection selection) {
    public Curves {
        Objects.requireNonNull(selection, "selection");
        if (validationCurve.length != testCurve.length) {
            throw new IllegalArgumentException("one validation and one test score per epoch, got "
                    + validationCurve.length + " and " + testCurve.length);
        }
    }

    /** @return the validation curve as a list, for the record */
    public List<Double> validationList() {
        return Arrays.stream(validationCurve).boxed().toList();
    }

    /** @return the test curve as a list, for the record */
    public List<Double> testList() {
        return Arrays.stream(testCurve).boxed().toList();
    }
}
