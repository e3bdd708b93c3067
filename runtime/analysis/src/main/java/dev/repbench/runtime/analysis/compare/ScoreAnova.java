package dev.repbench.runtime.analysis.compare;

import dev.repbench.runtime.analysis.stats.AnovaData;
import dev.repbench.runtime.analysis.stats.AnovaTable;
import dev.repbench.runtime.analysis.stats.FactorialAnova;
import dev.repbench.runtime.analysis.stats.SumOfSquaresType;
import dev.repbench.runtime.analysis.stats.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The factorial ANOVA of the scores (PAPER.md analysis 6): one observation per record (encoder, task, seed) of the
 * self-supervised encoders, main effects of factors among task, algorithm, dataset and epochs, type II sums of
 * squares. The supervised and random-init encoders are left out, as in the study: each is alone in its algorithm,
 * so its algorithm and dataset levels would be confounded.
 */
public final class ScoreAnova {
    /** The factors known, with how each is read from an observation. */
    private static final Map<String, Function<Observation, String>> FACTORS = new java.util.LinkedHashMap<>();

    static {
        FACTORS.put("task", Observation::task);
        FACTORS.put("algorithm", o -> o.encoder().algorithm());
        FACTORS.put("dataset", o -> o.encoder().dataset());
        FACTORS.put("epochs", o -> o.encoder().epochs() == null ? null : o.encoder().epochs().toString());
    }

    private ScoreAnova() {
    }

    /** One score: of an encoder on a task. */
    private record Observation(EncoderInfo encoder, String task, double score) {
    }

    /** The factor names known, in order. */
    public static List<String> factors() {
        return List.copyOf(FACTORS.keySet());
    }

    /** @throws IllegalArgumentException naming the first of {@code factors} not in {@link #factors()} */
    public static void requireKnownFactors(List<String> factors) {
        for (String f : factors) {
            if (!FACTORS.containsKey(f)) {
                throw new IllegalArgumentException("unknown ANOVA factor " + f + "; known: " + FACTORS.keySet());
            }
        }
    }

    /** The factors with at least two levels among the self-supervised encoders' records. */
    public static List<String> varyingFactors(ResultTable table) {
        List<Observation> observations = observations(table);
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("the ANOVA is over self-supervised encoders, and none of "
                    + Checks.labels(table.encoders()) + " is one");
        }
        List<String> varying = new ArrayList<>();
        FACTORS.forEach((name, level) -> {
            if (observations.stream().map(level).filter(java.util.Objects::nonNull).distinct().count() > 1) {
                varying.add(name);
            }
        });
        if (varying.isEmpty()) {
            throw new IllegalArgumentException("no factor among " + FACTORS.keySet() + " has two levels among the "
                    + "self-supervised encoders' records");
        }
        return varying;
    }

    /**
     * Fits the main effects of {@code factors} (names from {@link #factors()}).
     *
     * @throws IllegalArgumentException for an unknown factor, naming encoders whose provenance lacks a factor or
     *                                  records with a non-finite score, or any error of the fit
     */
    public static AnovaTable fit(ResultTable table, List<String> factors) {
        requireKnownFactors(factors);
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("an ANOVA needs at least one factor of " + FACTORS.keySet());
        }
        AnovaData.Builder data = AnovaData.builder(factors.toArray(String[]::new));
        List<String> lacking = new ArrayList<>();
        List<Observation> observations = observations(table);
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("the ANOVA is over self-supervised encoders, and none of "
                    + Checks.labels(table.encoders()) + " is one");
        }
        for (Observation o : observations) {
            String[] levels = factors.stream().map(f -> FACTORS.get(f).apply(o)).toArray(String[]::new);
            if (java.util.Arrays.stream(levels).anyMatch(java.util.Objects::isNull)) {
                lacking.add(o.encoder().label());
            } else if (!Double.isFinite(o.score())) {
                lacking.add(o.encoder().label() + " on " + o.task() + " (score " + o.score() + ")");
            } else {
                data.add(o.score(), levels);
            }
        }
        if (!lacking.isEmpty()) {
            throw new IllegalArgumentException("the ANOVA over " + factors + " needs every record's levels and a "
                    + "finite score; missing for: " + lacking.stream().distinct().toList()
                    + " (give their encoder.json with --encoders, or leave the factor out)");
        }
        return FactorialAnova.fit(data.build(), factors.stream().map(Term::main).toList(), SumOfSquaresType.TYPE_II);
    }

    private static List<Observation> observations(ResultTable table) {
        List<Observation> out = new ArrayList<>();
        for (EncoderInfo e : table.encoders().stream().filter(EncoderInfo::isSelfSupervised).toList()) {
            for (String task : table.tasks()) {
                table.seedScores(e, task).values().forEach(v -> out.add(new Observation(e, task, v)));
            }
        }
        return out;
    }
}
