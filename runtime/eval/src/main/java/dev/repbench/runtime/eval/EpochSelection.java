package dev.repbench.runtime.eval;

import dev.repbench.api.task.Metric;

import java.util.Objects;

/**
 * Which epoch a run reports: the one with the best VALIDATION score, ties going to the earlier epoch. Test scores
 * are carried along only to be reported; they never influence the choice (the study's code chose on test).
 *
 * @param bestEpoch            the selected epoch, 1-based
 * @param validationAtBest     its validation score
 * @param testAtBestValidation its test score: the reported number
 * @param testAtLastEpoch      the last epoch's test score
 */
public record EpochSelection(int bestEpoch, double validationAtBest, double testAtBestValidation, double testAtLastEpoch) {

    /**
     * Selects on {@code validation}.
     *
     * @param metric     gives the direction (higher or lower is better)
     * @param validation the validation score after each epoch, at least one
     * @param test       the test score after each epoch, as many
     * @return the selection; epoch 1 if every validation score is NaN
     * @throws IllegalArgumentException if the curves are empty or differ in length
     */
    public static EpochSelection select(Metric metric, double[] validation, double[] test) {
        Objects.requireNonNull(metric, "metric");
        if (validation.length == 0 || validation.length != test.length) {
            throw new IllegalArgumentException("need one validation and one test score per epoch, got "
                    + validation.length + " and " + test.length);
        }
        int best = 0;
        for (int epoch = 1; epoch < validation.length; epoch++) {
            if (metric.isBetter(validation[epoch], validation[best])) { // strictly better: ties keep the earlier epoch
                best = epoch;
            }
        }
        return new EpochSelection(best + 1, validation[best], test[best], test[test.length - 1]);
    }
}
