package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.analysis.stats.AnovaData;
import dev.repbench.runtime.analysis.stats.AnovaRow;
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
 * self-supervised encoders, main effects of the factors that vary among task, algorithm, dataset and epochs, type II
 * sums of squares. The supervised and random-init encoders are left out, as in the study: each is alone in its
 * algorithm, so its algorithm and dataset levels would be confounded.
 */
final class AnovaSection {
    /** The factors the report and {@code repbench analyze} know, with how each is read from an observation. */
    static final Map<String, Function<Observation, String>> FACTORS = new java.util.LinkedHashMap<>();

    static {
        FACTORS.put("task", Observation::task);
        FACTORS.put("algorithm", o -> o.encoder().algorithm());
        FACTORS.put("dataset", o -> o.encoder().dataset());
        FACTORS.put("epochs", o -> o.encoder().epochs() == null ? null : o.encoder().epochs().toString());
    }

    private AnovaSection() {
    }

    /** One score: of an encoder on a task. */
    record Observation(EncoderInfo encoder, String task, double score) {
    }

    static String render(ReportContext ctx) {
        StringBuilder s = new StringBuilder(Html.heading("anova", "Factorial ANOVA"));
        return s + ReportContext.orUnavailable("The ANOVA table", () -> {
            List<String> factors = varyingFactors(ctx.table());
            AnovaTable table = fit(ctx.table(), factors);
            return Html.paragraph("Type II sums of squares; main effects of " + factors + " (the factors with more "
                    + "than one level); " + table.n() + " observations, one per record of a self-supervised encoder.")
                    + ctx.output().table(asReportTable(table));
        });
    }

    /** The factors with at least two levels among the observations. */
    static List<String> varyingFactors(ResultTable table) {
        List<Observation> observations = observations(table);
        List<String> varying = new ArrayList<>();
        FACTORS.forEach((name, level) -> {
            if (observations.stream().map(level).filter(java.util.Objects::nonNull).distinct().count() > 1) {
                varying.add(name);
            }
        });
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("the ANOVA is over self-supervised encoders, and none of "
                    + table.encoders().stream().map(EncoderInfo::label).toList() + " is one");
        }
        if (varying.isEmpty()) {
            throw new IllegalArgumentException("no factor among " + FACTORS.keySet() + " has two levels among the "
                    + "self-supervised encoders' records");
        }
        return varying;
    }

    /**
     * Fits the main effects of {@code factors} (names from {@link #FACTORS}).
     *
     * @throws IllegalArgumentException naming encoders whose provenance lacks a factor, or any error of the fit
     */
    static AnovaTable fit(ResultTable table, List<String> factors) {
        for (String f : factors) {
            if (!FACTORS.containsKey(f)) {
                throw new IllegalArgumentException("unknown ANOVA factor " + f + "; known: " + FACTORS.keySet());
            }
        }
        AnovaData.Builder data = AnovaData.builder(factors.toArray(String[]::new));
        List<String> lacking = new ArrayList<>();
        for (Observation o : observations(table)) {
            String[] levels = factors.stream().map(f -> FACTORS.get(f).apply(o)).toArray(String[]::new);
            if (java.util.Arrays.stream(levels).anyMatch(java.util.Objects::isNull)) {
                lacking.add(o.encoder().label());
                continue;
            }
            if (Double.isFinite(o.score())) {
                data.add(o.score(), levels);
            } else {
                lacking.add(o.encoder().label() + " on " + o.task() + " (score " + o.score() + ")");
            }
        }
        if (!lacking.isEmpty()) {
            throw new IllegalArgumentException("the ANOVA over " + factors + " needs every record's levels and a "
                    + "finite score; missing for: " + lacking.stream().distinct().toList()
                    + " (give their encoder.json with --encoders, or leave the factor out)");
        }
        return FactorialAnova.fit(data.build(), factors.stream().map(Term::main).toList(), SumOfSquaresType.TYPE_II);
    }

    static ReportTable asReportTable(AnovaTable table) {
        List<List<Object>> rows = new ArrayList<>();
        for (AnovaRow r : table.effects()) {
            rows.add(List.of(r.term(), r.df(), r.sumOfSquares(), r.meanSquare(), r.f(), r.p()));
        }
        AnovaRow r = table.residual();
        rows.add(List.of(r.term(), r.df(), r.sumOfSquares(), r.meanSquare(), r.f(), r.p()));
        return new ReportTable("anova", List.of("term", "df", "sum of squares", "mean square", "F", "p"), rows);
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
