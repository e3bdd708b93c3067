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

    static String render(ReportContext ctx) {
        return Html.heading("anova", "Factorial ANOVA") + Html.paragraph(ctx.selection().sentence())
                + ReportContext.orUnavailable("The ANOVA table", () -> {
            ctx.selection().requireTasks(1, "an ANOVA of scores");
            List<String> factors = ScoreAnova.varyingFactors(ctx.analysed());
            AnovaTable table = ScoreAnova.fit(ctx.analysed(), factors);
            return Html.paragraph("Type II sums of squares; main effects of " + factors + " (the factors with more "
                    + "than one level); " + table.n() + " observations, one per record of a self-supervised encoder "
                    + "(the supervised and random-init encoders, alone in their algorithm, would be confounded).")
                    + ctx.output().table(asReportTable(table));
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
