package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The line a task must pass to tell encoders apart (issue 16): the better encoder beats the baseline (random
 * initialisation) by 0.10 in a score such as top-1 or mIoU, or, on an error metric (−L1, 1 − Fl-all), removes at least
 * a fifth of the baseline's error; where chance is known, it beats chance by as much too. A task below the line
 * feeds correlations, comparisons and an ANOVA with noise. {@code bench battery} and the report apply this one rule.
 */
public final class SeparationLine {
    /** Smallest gap in a score (top-1, mIoU) for a task to separate encoders. */
    public static final double SCORE_GAP = 0.10;
    /** Smallest fraction of the baseline's error an encoder must remove on an error metric. */
    public static final double ERROR_FRACTION = 0.20;

    private SeparationLine() {
    }

    /**
     * @param metric a metric id as stored in result records
     * @param score  a score under it
     * @return the error the score stands for on an error metric ({@code neg-l1}: L1; {@code one-minus-fl-all}:
     *         Fl-all), NaN for any other metric
     */
    public static double error(String metric, double score) {
        return switch (metric) {
            case "neg-l1" -> -score;
            case "one-minus-fl-all" -> 1 - score;
            default -> Double.NaN;
        };
    }

    /**
     * @param metric   a metric id
     * @param baseline the baseline's score
     * @return the gap over the baseline a task needs under that metric
     */
    public static double requiredGap(String metric, double baseline) {
        double error = error(metric, baseline);
        return Double.isNaN(error) ? SCORE_GAP : ERROR_FRACTION * error;
    }

    /**
     * @param metric   a metric id (higher is better for every one the line knows)
     * @param chance   the score of uniform guessing, NaN where there is no simple one
     * @param baseline the baseline's score
     * @param score    the encoder's score
     * @return whether the encoder clears the line over the baseline, and over chance where chance is known
     */
    public static boolean separates(String metric, double chance, double baseline, double score) {
        double needed = requiredGap(metric, baseline);
        return score - baseline >= needed && (Double.isNaN(chance) || score - chance >= needed);
    }

    /**
     * One task of a study against its random-initialised encoder.
     *
     * @param task       the task
     * @param metric     its metric id
     * @param randomInit the random-init encoder's mean score (the best, where a study has several)
     * @param best       the label of the best other encoder
     * @param bestScore  its mean score
     */
    public record Task(String task, String metric, double randomInit, String best, double bestScore) {
        public Task {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(best, "best");
        }

        /** @return best − random-init, in the metric's units */
        public double gap() {
            return bestScore - randomInit;
        }

        /** @return the gap the task needs */
        public double required() {
            return requiredGap(metric, randomInit);
        }

        /** @return whether the best encoder clears the line over random-init */
        public boolean separates() {
            return SeparationLine.separates(metric, Double.NaN, randomInit, bestScore);
        }
    }

    /**
     * Each task's best encoder against the study's random initialisation: the report's check that a task measures
     * something in this study, at its budgets.
     *
     * @param table a study's scores
     * @return one entry per task scored by a random-init encoder and by at least one other; empty where the study has
     *         no random-init encoder
     */
    public static List<Task> overRandomInit(ResultTable table) {
        List<Task> tasks = new ArrayList<>();
        for (String task : table.tasks()) {
            double random = Double.NaN;
            String best = null;
            double bestScore = Double.NaN;
            for (EncoderInfo encoder : table.encoders()) {
                double score = table.mean(encoder, task);
                if (Double.isNaN(score)) {
                    continue;
                }
                if (EncoderInfo.RANDOM_INIT.equals(encoder.algorithm())) {
                    random = Double.isNaN(random) ? score : Math.max(random, score);
                } else if (best == null || score > bestScore) {
                    best = encoder.label();
                    bestScore = score;
                }
            }
            if (!Double.isNaN(random) && best != null) {
                tasks.add(new Task(task, table.metric(task), random, best, bestScore));
            }
        }
        return List.copyOf(tasks);
    }
}
