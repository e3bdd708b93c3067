package dev.repbench.runtime.analysis.compare;

import dev.repbench.runtime.analysis.stats.ScoreTable;
import dev.repbench.runtime.analysis.stats.TaskCorrelations;
import java.util.ArrayList;
import java.util.List;

/**
 * Every task's score against a reference task's across encoders, with the least-squares line and Pearson's r
 * (the study's Fig. 4, with ImageNet top-1 as the reference).
 */
public final class ReferenceTaskFits {
    private ReferenceTaskFits() {
    }

    /** One encoder's point: x its reference-task score, y its score on the task. */
    public record Point(String encoder, double x, double y) {
    }

    /** The fit of one task: y ≈ slope · x + intercept over {@code points}, with Pearson's r. */
    public record Fit(String task, String referenceTask, List<Point> points, double slope, double intercept, double r) {
        public Fit {
            points = List.copyOf(points);
        }
    }

    /**
     * The fit of every other task against {@code referenceTask}.
     *
     * @throws IllegalArgumentException if the task is unknown, a score is missing, fewer than 3 encoders, or a
     *                                  task's scores are all equal (each named)
     */
    public static List<Fit> against(ResultTable table, String referenceTask) {
        if (!table.tasks().contains(referenceTask)) {
            throw new IllegalArgumentException("the reference task " + referenceTask + " has no scores; tasks with "
                    + "scores: " + table.tasks());
        }
        ScoreTable scores = table.scores();
        Checks.requireComplete(scores, "scores against " + referenceTask);
        if (scores.encoders().size() < 3) {
            throw new IllegalArgumentException("a fit across encoders needs at least 3 encoders, there are "
                    + scores.encoders().size() + ": " + scores.encoders());
        }
        int ref = scores.tasks().indexOf(referenceTask);
        double[] x = scores.column(ref);
        List<String> constant = new ArrayList<>();
        for (int j = 0; j < scores.tasks().size(); j++) {
            if (isConstant(scores.column(j))) {
                constant.add(scores.tasks().get(j));
            }
        }
        if (!constant.isEmpty()) {
            throw new IllegalArgumentException("no line or correlation for tasks with the same score on every encoder: "
                    + constant);
        }
        List<Fit> fits = new ArrayList<>();
        for (int j = 0; j < scores.tasks().size(); j++) {
            if (j == ref) {
                continue;
            }
            double[] y = scores.column(j);
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                points.add(new Point(scores.encoders().get(i), x[i], y[i]));
            }
            double mx = Checks.mean(x);
            double my = Checks.mean(y);
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < x.length; i++) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
            double slope = sxy / sxx;
            fits.add(new Fit(scores.tasks().get(j), referenceTask, points, slope, my - slope * mx,
                    TaskCorrelations.pearsonR(x, y)));
        }
        return fits;
    }

    private static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
