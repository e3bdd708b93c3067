package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.ScoreAnova;
import dev.repbench.runtime.analysis.stats.AnovaRow;
import dev.repbench.runtime.analysis.stats.AnovaTable;
import java.util.ArrayList;
import java.util.List;

/** The report's ANOVA section ({@link ScoreAnova}) over the factors that vary. */
final class AnovaSection {
    private AnovaSection() {
    }

    /** Below this many residual degrees of freedom the page says what F an effect needs. */
    private static final int FEW_RESIDUAL_DF = 5;

    static String render(ReportContext ctx) {
        return Html.heading("anova", "Factorial ANOVA") + Html.paragraph(ctx.selection().sentence())
                + ReportContext.orUnavailable("The ANOVA table", () -> {
            ctx.selection().requireTasks(1, "an ANOVA of scores");
            ScoreAnova.Plan plan = ScoreAnova.plan(ctx.analysed());
            AnovaTable table = ScoreAnova.fit(ctx.analysed(), plan.factors());
            StringBuilder s = new StringBuilder(Html.paragraph("Type II sums of squares; main effects of "
                    + plan.factors() + " (the factors with more than one level); " + table.n() + " observations, "
                    + "one per self-supervised encoder and task, its score averaged over head seeds (the encoder is "
                    + "the unit: its seeds share one pretraining; the supervised and random-init encoders, alone in "
                    + "their algorithm, would be confounded)."));
            plan.aliased().forEach(a -> s.append(Html.paragraph(a.sentence())));
            s.append(ctx.output().table(asReportTable(table)));
            int residualDf = table.residual().df();
            if (residualDf < FEW_RESIDUAL_DF) {
                s.append(Html.paragraph(String.format(java.util.Locale.ROOT, "Only %d residual degree%s of freedom: "
                        + "an effect of one degree of freedom needs F ≥ %.1f for p < 0.05 (3.8 with many). More "
                        + "self-supervised encoders (a second pretraining seed or dataset per algorithm) or more "
                        + "tasks above the line add them; more head seeds do not, they steady each score.", residualDf,
                        residualDf == 1 ? "" : "s", table.criticalF(1, 0.05))));
            }
            return s.toString();
        });
    }

    /** The ANOVA as a report table: effects, then the residual. */
    public static ReportTable asReportTable(AnovaTable table) {
        List<List<Object>> rows = new ArrayList<>();
        for (AnovaRow r : table.effects()) {
            rows.add(List.of(r.term(), r.df(), r.sumOfSquares(), r.meanSquare(), r.f(), r.p()));
        }
        AnovaRow r = table.residual();
        rows.add(List.of(r.term(), r.df(), r.sumOfSquares(), r.meanSquare(), r.f(), r.p()));
        return new ReportTable("anova", List.of("term", "df", "sum of squares", "mean square", "F", "p"), rows);
    }
}
