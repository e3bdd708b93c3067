package dev.repbench.runtime.analysis.compare;

import dev.repbench.runtime.analysis.stats.ScoreTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores normalised per task as {@code (score − supervised score) / σ_task}, σ_task the task's sample standard
 * deviation (n − 1) across all encoders, grouped by task category (the study's Fig. 6). 0 is the supervised
 * baseline; one unit is one standard deviation of that task. The supervised encoder itself is left out (always 0).
 */
public final class NormalisedScores {
    private static final String WHAT = "normalised category scores";

    private NormalisedScores() {
    }

    /** One encoder on one task. */
    public record Value(String encoder, String task, double normalised) {
    }

    /**
     * @return per category label (in task order), the values of every non-supervised encoder on its tasks
     * @throws IllegalArgumentException without one supervised encoder, with missing scores, or with a task whose
     *                                  scores are all equal (σ = 0), each named
     */
    public static Map<String, List<Value>> byCategory(ResultTable table) {
        EncoderInfo supervised = Checks.supervised(table, WHAT);
        ScoreTable scores = table.scores();
        Checks.requireComplete(scores, WHAT);
        int base = scores.encoders().indexOf(supervised.label());
        List<String> flat = new ArrayList<>();
        double[] sigma = new double[scores.tasks().size()];
        for (int j = 0; j < sigma.length; j++) {
            sigma[j] = Checks.sampleStd(scores.column(j));
            if (!(sigma[j] > 0)) {
                flat.add(scores.tasks().get(j));
            }
        }
        if (!flat.isEmpty()) {
            throw new IllegalArgumentException(WHAT + " divide by each task's standard deviation across encoders, "
                    + "which is 0 for " + flat + " (every encoder scores the same)");
        }
        Map<String, List<Value>> out = new LinkedHashMap<>();
        for (int j = 0; j < sigma.length; j++) {
            String task = scores.tasks().get(j);
            double[] column = scores.column(j);
            List<Value> values = out.computeIfAbsent(table.category(task), k -> new ArrayList<>());
            for (int i = 0; i < column.length; i++) {
                if (i != base) {
                    values.add(new Value(scores.encoders().get(i), task, (column[i] - column[base]) / sigma[j]));
                }
            }
        }
        return out;
    }
}
