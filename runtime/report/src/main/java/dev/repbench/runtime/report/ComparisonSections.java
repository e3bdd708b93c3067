package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.AlgorithmDifference;
import dev.repbench.runtime.analysis.compare.DatasetTaskMatrix;
import dev.repbench.runtime.analysis.compare.NormalisedScores;
import dev.repbench.runtime.analysis.compare.ReferenceTaskFits;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.analysis.compare.SeedSpread;
import dev.repbench.runtime.analysis.compare.SupervisedImprovement;
import dev.repbench.runtime.report.svg.BarChart;
import dev.repbench.runtime.report.svg.ColorScale;
import dev.repbench.runtime.report.svg.Heatmap;
import dev.repbench.runtime.report.svg.ScatterChart;
import dev.repbench.runtime.report.svg.StripPlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The study's comparisons (PAPER.md analyses 1–5 and 8) as report sections, each explained when unavailable. */
final class ComparisonSections {
    private ComparisonSections() {
    }

    static String all(ReportContext ctx) {
        String heading = Html.heading("comparisons", "Comparisons") + Html.paragraph(ctx.selection().sentence());
        String spread = ReportContext.orUnavailable("Run-to-run spread", () -> seeds(ctx));
        if (ctx.analysed().tasks().isEmpty()) {
            return heading + ReportContext.orUnavailable("The comparisons of encoders", () -> {
                ctx.selection().requireTasks(1, "a comparison of encoders");
                return "";
            }) + spread;
        }
        return heading
                + ReportContext.orUnavailable("Scores against a reference task", () -> referenceFits(ctx))
                + ReportContext.orUnavailable("Best self-supervised vs supervised", () -> supervised(ctx))
                + ReportContext.orUnavailable("Algorithm differences", () -> algorithms(ctx))
                + ReportContext.orUnavailable("Normalised scores per category", () -> normalised(ctx))
                + ReportContext.orUnavailable("Pretraining dataset vs task", () -> datasets(ctx))
                + spread;
    }

    /** The study's reference is ImageNet top-1; here a task named like ImageNet, else the first task. */
    static String referenceTask(ResultTable table) {
        if (table.tasks().isEmpty()) {
            throw new IllegalArgumentException("there are no tasks with scores");
        }
        return table.tasks().stream().filter(t -> t.toLowerCase(Locale.ROOT).contains("imagenet")).findFirst()
                .orElse(table.tasks().getFirst());
    }

    private static String referenceFits(ReportContext ctx) {
        ResultTable table = ctx.analysed();
        String reference = referenceTask(table);
        List<ReferenceTaskFits.Fit> fits = ReferenceTaskFits.against(table, reference);
        StringBuilder s = new StringBuilder(Html.subheading("Every task against " + reference + " (Fig. 4)"));
        s.append(Html.paragraph("Each point is an encoder (coloured by algorithm); the dashed line is the "
                + "least-squares fit; r is Pearson's."));
        List<List<Object>> rows = new ArrayList<>();
        s.append("<div class=\"grid\">");
        for (ReferenceTaskFits.Fit fit : fits) {
            List<ScatterChart.Point> points = fit.points().stream().map(p -> new ScatterChart.Point(p.encoder(), p.x(),
                    p.y(), ctx.algorithmGroup(table.encoder(p.encoder())))).toList();
            s.append(ctx.output().chart(new ScatterChart("vs-reference-" + ReportOutput.safeName(fit.task()),
                    fit.task(), reference, fit.task(), points, new ScatterChart.Line(fit.slope(), fit.intercept()),
                    String.format(Locale.ROOT, "r = %.3f, slope = %.3g", fit.r(), fit.slope()),
                    ctx.algorithms()).scene()));
            rows.add(List.of(fit.task(), reference, fit.slope(), fit.intercept(), fit.r(), fit.points().size()));
        }
        s.append("</div>");
        return s + ctx.output().table(new ReportTable("vs-reference",
                List.of("task", "reference", "slope", "intercept", "r", "encoders"), rows));
    }

    private static String supervised(ReportContext ctx) {
        ResultTable table = ctx.analysed();
        List<SupervisedImprovement.Row> rows = SupervisedImprovement.perTask(table);
        List<String> datasets = rows.stream().map(SupervisedImprovement.Row::dataset).distinct().toList();
        double[][] values = new double[datasets.size()][table.tasks().size()];
        for (SupervisedImprovement.Row r : rows) {
            values[datasets.indexOf(r.dataset())][table.tasks().indexOf(r.task())] = r.percent();
        }
        List<String> supervised = rows.stream().map(SupervisedImprovement.Row::supervisedEncoder).distinct().toList();
        String against = supervised.size() == 1 ? supervised.getFirst() : "the supervised encoder of its dataset";
        String chart = ctx.output().chart(new BarChart("supervised-improvement", "Best self-supervised vs "
                + against + ", % per task", table.tasks(), datasets, values, "% improvement").scene());
        return Html.subheading("Best self-supervised encoder vs supervised (Fig. 3)")
                + Html.paragraph("Per task and pretraining dataset, 100 · (best self-supervised − supervised) / "
                + "|supervised|; above 0 the self-supervised encoder wins." + (supervised.size() == 1 ? ""
                : " With a supervised encoder per dataset, each dataset's encoders are measured against the one "
                + "pretrained on the same images, so the difference is the training signal, not the data."))
                + chart + ctx.output().table(new ReportTable("supervised-improvement", List.of("task", "category",
                "dataset", "best encoder", "best score", "supervised", "supervised score", "% improvement"),
                rows.stream().map(r -> List.<Object>of(r.task(), r.category(), r.dataset(), r.bestEncoder(),
                        r.bestScore(), r.supervisedEncoder(), r.supervisedScore(), r.percent())).toList()));
    }

    private static String algorithms(ReportContext ctx) {
        ResultTable table = ctx.analysed();
        List<String> algorithms = AlgorithmDifference.selfSupervisedAlgorithms(table);
        if (algorithms.size() < 2) {
            throw new IllegalArgumentException("a difference needs encoders of 2 self-supervised algorithms, found "
                    + algorithms);
        }
        StringBuilder s = new StringBuilder(Html.subheading("Algorithm A − algorithm B, mean per task (Fig. 5)"));
        s.append(Html.paragraph("Mean over each algorithm's encoders per task, at the pretraining length both share "
                + "(the most encoders; the study used 200 epochs), else over all their encoders; above 0 favours A."));
        for (int a = 0; a < algorithms.size(); a++) {
            for (int b = a + 1; b < algorithms.size(); b++) {
                String first = algorithms.get(a);
                String second = algorithms.get(b);
                s.append(ReportContext.orUnavailable(first + " − " + second, () -> {
                    Integer epochs = AlgorithmDifference.commonEpochs(table, first, second);
                    List<AlgorithmDifference.Row> rows = AlgorithmDifference.of(table, first, second, epochs);
                    String name = "difference-" + ReportOutput.safeName(first) + "-minus-" + ReportOutput.safeName(second);
                    String over = epochs == null ? " (all epochs)" : " (" + epochs + "-epoch encoders)";
                    double[][] values = {rows.stream().mapToDouble(AlgorithmDifference.Row::difference).toArray()};
                    return ctx.output().chart(new BarChart(name, first + " − " + second + over,
                            rows.stream().map(AlgorithmDifference.Row::task).toList(), List.of(first + " − " + second),
                            values, "score difference").scene())
                            + ctx.output().table(new ReportTable(name, List.of("task", "category", "mean " + first,
                            "encoders " + first, "mean " + second, "encoders " + second, "difference"),
                            rows.stream().map(r -> List.<Object>of(r.task(), r.category(), r.meanA(), r.encodersA(),
                                    r.meanB(), r.encodersB(), r.difference())).toList()));
                }));
            }
        }
        return s.toString();
    }

    private static String normalised(ReportContext ctx) {
        NormalisedScores.Result normalised = NormalisedScores.of(ctx.analysed());
        Map<String, List<NormalisedScores.Value>> byCategory = normalised.byCategory();
        List<StripPlot.Group> groups = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        byCategory.forEach((category, values) -> {
            groups.add(new StripPlot.Group(category, values.stream().mapToDouble(NormalisedScores.Value::normalised)
                    .toArray(), values.stream().map(v -> v.encoder() + " on " + v.task()).toList()));
            values.forEach(v -> rows.add(List.of(category, v.task(), v.encoder(), v.normalised())));
        });
        return Html.subheading("Normalised scores per task category (Fig. 6)")
                + Html.paragraph("(score − supervised score) / the task's standard deviation across encoders; 0 "
                + "(dashed) is the supervised encoder (with one per pretraining dataset, the one of the encoder's "
                + "own dataset)." + (normalised.leftOut().isEmpty() ? "" : " Left out, with no supervised encoder "
                + "of their own dataset: " + String.join(", ", normalised.leftOut()) + "."))
                + ctx.output().chart(new StripPlot("normalised-by-category", "Normalised scores per category", groups,
                "σ from supervised", 0.0).scene())
                + ctx.output().table(new ReportTable("normalised-scores",
                List.of("category", "task", "encoder", "normalised score"), rows));
    }

    private static String datasets(ReportContext ctx) {
        DatasetTaskMatrix m = DatasetTaskMatrix.of(ctx.analysed());
        double[][] z = m.meanZ();
        double[][] raw = m.meanScore();
        String[][] tips = new String[m.datasets().size()][m.tasks().size()];
        List<List<Object>> rows = new ArrayList<>();
        double extent = 0.5;
        for (int d = 0; d < tips.length; d++) {
            for (int t = 0; t < m.tasks().size(); t++) {
                tips[d][t] = String.format(Locale.ROOT, "%s on %s: mean score %.4g, mean z %.2f over %d encoders",
                        m.datasets().get(d), m.tasks().get(t), raw[d][t], z[d][t], m.encoders()[d]);
                rows.add(List.of(m.datasets().get(d), m.tasks().get(t), raw[d][t], z[d][t], m.encoders()[d]));
                extent = Math.max(extent, Math.abs(z[d][t]));
            }
        }
        return Html.subheading("Pretraining dataset vs task (Fig. 7)")
                + Html.paragraph("Mean z-score (per task, across encoders) of the encoders pretrained on each dataset; "
                + "hover a cell for the raw mean.")
                + ctx.output().chart(new Heatmap("dataset-vs-task", "Pretraining dataset vs task (mean z-score)",
                m.datasets(), m.tasks(), z, ColorScale.diverging(-extent, extent), tips, List.of()).scene())
                + ctx.output().table(new ReportTable("dataset-vs-task",
                List.of("dataset", "task", "mean score", "mean z-score", "encoders"), rows));
    }

    private static String seeds(ReportContext ctx) {
        List<SeedSpread.Row> rows = SeedSpread.of(ctx.table());
        String intro = SeedSpread.hasRepeats(rows)
                ? Html.paragraph("Per encoder and task over its seeds, every task (this is the noise itself): mean, "
                + "sample standard deviation, min, max and std relative to |mean| (the study found under 0.85 %).")
                : Html.unavailable("Run-to-run spread", "every (encoder, task) was evaluated with one seed; rerun "
                + "repbench eval with other --seed values to measure it");
        return Html.subheading("Run-to-run spread over seeds (Appendix G)") + intro
                + ctx.output().table(new ReportTable("seed-spread", List.of("encoder", "task", "seeds", "mean", "std",
                "min", "max", "relative std %"), rows.stream().map(r -> List.<Object>of(r.encoder(), r.task(),
                r.seeds(), r.mean(), r.std(), r.min(), r.max(), r.relativeStdPercent())).toList()));
    }
}
