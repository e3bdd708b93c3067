package dev.repbench.runtime.analysis.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores of encoders (rows) on tasks (columns); {@code NaN} marks a missing score. Immutable: the scores are
 * copied in and out.
 */
public record ScoreTable(List<String> encoders, List<String> tasks, double[][] scores) {
    public ScoreTable {
        encoders = List.copyOf(encoders);
        tasks = List.copyOf(tasks);
        requireDistinct(encoders, "encoder");
        requireDistinct(tasks, "task");
        if (scores.length != encoders.size()) {
            throw new IllegalArgumentException(scores.length + " rows of scores for " + encoders.size() + " encoders");
        }
        double[][] copy = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            if (scores[i].length != tasks.size()) {
                throw new IllegalArgumentException("encoder " + encoders.get(i) + " has " + scores[i].length
                        + " scores for " + tasks.size() + " tasks");
            }
            for (int j = 0; j < scores[i].length; j++) {
                if (Double.isInfinite(scores[i][j])) {
                    throw new IllegalArgumentException("score of encoder " + encoders.get(i) + " on task "
                            + tasks.get(j) + " is infinite");
                }
            }
            copy[i] = scores[i].clone();
        }
        scores = copy;
    }

    /** The scores of all encoders on task {@code task} (a copy). */
    public double[] column(int task) {
        double[] c = new double[encoders.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = scores[i][task];
        }
        return c;
    }

    /** Missing cells as "encoder: task, task" lines, one per encoder with gaps; empty when complete. */
    public List<String> missingCells() {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            List<String> gaps = new ArrayList<>();
            for (int j = 0; j < tasks.size(); j++) {
                if (Double.isNaN(scores[i][j])) {
                    gaps.add(tasks.get(j));
                }
            }
            if (!gaps.isEmpty()) {
                missing.add(encoders.get(i) + ": " + String.join(", ", gaps));
            }
        }
        return missing;
    }

    @Override
    public double[][] scores() {
        double[][] copy = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            copy[i] = scores[i].clone();
        }
        return copy;
    }

    private static void requireDistinct(List<String> names, String what) {
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("duplicate " + what + " names: " + names);
        }
    }
}
