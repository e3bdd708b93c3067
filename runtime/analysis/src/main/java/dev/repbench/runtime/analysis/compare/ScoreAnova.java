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
 * The factorial ANOVA of the scores (PAPER.md analysis 6): one observation per self-supervised encoder and task, its
 * score averaged over head seeds; main effects of factors among task, algorithm, dataset and epochs, type II sums of
 * squares. The supervised and random-init encoders are left out, as in the study: each is alone in its algorithm,
 * so its algorithm and dataset levels would be confounded.
 *
 * <p>The unit is the encoder, as in the study (one evaluation per encoder and task, App. F): the factors are about
 * how an encoder was pretrained, and head seeds of one encoder share its pretraining, so counting each seed as an
 * observation would add residual degrees of freedom no new encoder paid for and shrink the p-values
 * (pseudo-replication). Seeds still make each observation less noisy.
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

    /** One score: of an encoder on a task, the mean over its head seeds. */
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
     * A factor left out of the fit because another one determines it among the observations (each level of
     * {@code within} comes with one level of {@code factor}, as {@code levels} lists): their effects cannot be told
     * apart, and {@code within}'s row holds both.
     */
    public record Aliased(String factor, String within, Map<String, String> levels) {
        public Aliased {
            levels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(levels));
        }

        /** Says which factor went, why, and what would separate the two. */
        public String sentence() {
            StringBuilder pairs = new StringBuilder();
            levels.forEach((w, f) -> pairs.append(pairs.isEmpty() ? "" : "; ").append(w).append(": ").append(f));
            return factor + " is left out: among these encoders each " + within + " comes with one " + factor
                    + " (" + pairs + "), so " + within + "'s row holds " + factor + "'s effect too (to tell them "
                    + "apart, vary " + factor + " within one " + within + ").";
        }
    }

    /** The factors an ANOVA of {@code table} can fit, and those left out because another determines them. */
    public record Plan(List<String> factors, List<Aliased> aliased) {
        public Plan {
            factors = List.copyOf(factors);
            aliased = List.copyOf(aliased);
        }
    }

    /**
     * The varying factors ({@link #varyingFactors}) less each that another remaining one determines (an algorithm
     * pretrained on one dataset each, say): later factors go first, so of two that determine each other the
     * earlier one ({@code task}, {@code algorithm}, {@code dataset}, {@code epochs}) stays.
     */
    public static Plan plan(ResultTable table) {
        List<String> kept = new ArrayList<>(varyingFactors(table));
        List<Aliased> aliased = aliases(observations(table), kept);
        aliased.forEach(a -> kept.remove(a.factor()));
        return new Plan(kept, aliased.reversed());
    }

    /** The factors among {@code factors} determined by another one still in the running, from the last. */
    private static List<Aliased> aliases(List<Observation> observations, List<String> factors) {
        List<String> remaining = new ArrayList<>(factors);
        List<Aliased> found = new ArrayList<>();
        for (String factor : factors.reversed()) {
            for (String within : remaining) {
                if (within.equals(factor)) {
                    continue;
                }
                Map<String, String> levels = determined(observations, within, factor);
                if (levels != null) {
                    found.add(new Aliased(factor, within, levels));
                    remaining.remove(factor);
                    break;
                }
            }
        }
        return found;
    }

    /** Each level of {@code within} with the one level of {@code factor} it comes with, or null if some has two. */
    private static Map<String, String> determined(List<Observation> observations, String within, String factor) {
        Map<String, String> levels = new java.util.TreeMap<>();
        for (Observation o : observations) {
            String w = FACTORS.get(within).apply(o);
            String f = FACTORS.get(factor).apply(o);
            if (w == null || f == null) {
                continue; // fit names the encoders that lack a level
            }
            String seen = levels.putIfAbsent(w, f);
            if (seen != null && !seen.equals(f)) {
                return null;
            }
        }
        return levels.isEmpty() ? null : levels;
    }

    /**
     * Fits the main effects of {@code factors} (names from {@link #factors()}).
     *
     * @throws IllegalArgumentException for an unknown factor, naming encoders whose provenance lacks a factor or
     *                                  records with a non-finite score, naming two factors one of which determines
     *                                  the other ({@link #plan} leaves such a factor out), or any error of the fit
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
        List<Aliased> aliased = aliases(observations, factors);
        if (!aliased.isEmpty()) {
            Aliased a = aliased.getFirst();
            throw new IllegalArgumentException("the ANOVA over " + factors + " cannot tell " + a.factor() + " from "
                    + a.within() + ": among these encoders each " + a.within() + " comes with one " + a.factor()
                    + " " + a.levels() + "; leave " + a.factor() + " out, or vary it within one " + a.within());
        }
        return FactorialAnova.fit(data.build(), factors.stream().map(Term::main).toList(), SumOfSquaresType.TYPE_II);
    }

    private static List<Observation> observations(ResultTable table) {
        List<Observation> out = new ArrayList<>();
        for (EncoderInfo e : table.encoders().stream().filter(EncoderInfo::isSelfSupervised).toList()) {
            for (String task : table.tasks()) {
                if (!table.seedScores(e, task).isEmpty()) {
                    out.add(new Observation(e, task, table.mean(e, task))); // non-finite if a seed's is: fit names it
                }
            }
        }
        return out;
    }
}
