package dev.repbench.runtime.analysis.compare;

import dev.repbench.runtime.analysis.stats.ScoreTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores normalised per task as {@code (score − supervised score) / σ_task}, σ_task the task's sample standard
 * deviation (n − 1) across all encoders, grouped by task category (the study's Fig. 6). 0 is the supervised
 * baseline (with one supervised encoder per pretraining dataset, the one of the encoder's own dataset:
 * {@link SupervisedReference}); one unit is one standard deviation of that task. Supervised encoders themselves are
 * left out (0 against themselves), and so is an encoder without a baseline, named in the result.
 */
public final class NormalisedScores {
    private static final String WHAT = "normalised category scores";

    private NormalisedScores() {
    }

    /** One encoder on one task. */
    public record Value(String encoder, String task, double normalised) {
    }

    /**
     * The normalised scores.
     *
     * @param byCategory per category label (in task order), the values of each encoder normalised on its tasks
     * @param leftOut    the labels of encoders with no supervised baseline (with several supervised encoders, one
     *                   whose pretraining dataset has none of its own, such as a random-init without a dataset)
     */
    public record Result(Map<String, List<Value>> byCategory, List<String> leftOut) {
        public Result {
            byCategory = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byCategory));
            leftOut = List.copyOf(leftOut);
        }
    }

    /**
     * @throws IllegalArgumentException without a supervised encoder, without an encoder to normalise, with missing
     *                                  scores, or with a task whose scores are all equal (σ = 0), each named
     */
    public static Result of(ResultTable table) {
        SupervisedReference reference = SupervisedReference.of(table, WHAT);
        ScoreTable scores = table.scores();
        Checks.requireComplete(scores, WHAT);
        int[] base = new int[scores.encoders().size()]; // each encoder's baseline row; -1: none (a supervised one)
        List<String> leftOut = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            EncoderInfo encoder = table.encoders().get(i);
            Optional<EncoderInfo> baseline = encoder.isSupervised() ? Optional.empty() : reference.find(encoder.dataset());
            base[i] = baseline.map(b -> scores.encoders().indexOf(b.label())).orElse(-1);
            if (!encoder.isSupervised() && baseline.isEmpty()) {
                leftOut.add(encoder.label());
            }
        }
        if (Arrays.stream(base).allMatch(b -> b < 0)) {
            throw new IllegalArgumentException(leftOut.isEmpty()
                    ? WHAT + " need an encoder besides the supervised ones: " + Checks.labels(table.encoders())
                    : reference.whyNone(table.encoder(leftOut.getFirst()).dataset()));
        }
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
                if (base[i] >= 0) {
                    values.add(new Value(scores.encoders().get(i), task, (column[i] - column[base[i]]) / sigma[j]));
                }
            }
        }
        return new Result(out, leftOut);
    }
}
