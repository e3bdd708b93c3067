package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.analysis.stats.CorrelationMatrix;
import dev.repbench.runtime.analysis.stats.ScoreTable;
import dev.repbench.runtime.analysis.stats.TaskCorrelations;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.report.svg.BarChart;
import dev.repbench.runtime.report.svg.ColorScale;
import dev.repbench.runtime.report.svg.Heatmap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's first sections: the encoders' provenance, the scores per task, and the task correlations. */
final class OverviewSections {
    private OverviewSections() {
    }

    static String encoders(ReportContext ctx) {
        ResultTable table = ctx.table();
        List<List<Object>> rows = new ArrayList<>();
        for (EncoderInfo e : table.encoders()) {
            EncoderDescriptor d = ctx.descriptors().get(e.sha256());
            EncoderDescriptor.Provenance p = d == null ? null : d.provenance();
            long tasks = table.tasks().stream().filter(t -> !table.seedScores(e, t).isEmpty()).count();
            rows.add(java.util.Arrays.asList(e.label(), e.algorithm(), e.dataset(), e.epochs(),
                    d == null ? null : d.architecture(), p == null ? null : p.seed(), tasks,
                    EncoderInfo.shortHash(e.sha256()), p == null ? null : p.createdAt()));
        }
        ReportTable encoders = new ReportTable("encoders", List.of("encoder", "algorithm", "dataset", "epochs",
                "architecture", "seed", "tasks evaluated", "onnx sha256", "created"), rows);
        return Html.heading("encoders", "Encoders") + Html.notes(table.notes()) + ctx.output().table(encoders);
    }

    static String scores(ReportContext ctx) {
        ResultTable table = ctx.table();
        List<String> columns = new ArrayList<>(List.of("encoder"));
        table.tasks().forEach(t -> columns.add(t + " (" + table.metric(t) + ")"));
        List<List<Object>> rows = new ArrayList<>();
        for (EncoderInfo e : table.encoders()) {
            List<Object> row = new ArrayList<>(List.of(e.label()));
            table.tasks().forEach(t -> row.add(table.mean(e, t)));
            rows.add(row);
        }
        StringBuilder s = new StringBuilder(Html.heading("scores", "Scores per task"));
        s.append(Html.paragraph("Test score at the epoch of best validation score, mean over seeds; – where a cell "
                + "was not evaluated."));
        s.append(ctx.output().table(new ReportTable("scores", columns, rows)));
        for (Map.Entry<String, List<String>> category : tasksByCategory(table).entrySet()) {
            List<String> tasks = category.getValue();
            double[][] values = new double[table.encoders().size()][tasks.size()];
            for (int i = 0; i < values.length; i++) {
                for (int j = 0; j < tasks.size(); j++) {
                    values[i][j] = table.mean(table.encoders().get(i), tasks.get(j));
                }
            }
            s.append(ctx.output().chart(new BarChart("scores-" + ReportOutput.safeName(category.getKey()),
                    "Scores: " + category.getKey(), tasks, labels(table), values, "score").scene()));
        }
        return s.toString();
    }

    static String correlations(ReportContext ctx) {
        StringBuilder s = new StringBuilder(Html.heading("correlations", "Task correlations across encoders"));
        s.append(Html.paragraph(ctx.selection().sentence()));
        s.append(Html.paragraph("Pearson's r and Spearman's ρ between every pair of tasks over the encoders (the "
                + "study's Figs. 13–14); category blocks are outlined; hover a cell for its two-sided p-value."));
        ScoreTable scores = ctx.analysed().scores();
        int encoders = scores.encoders().size();
        if (encoders >= 3 && scores.tasks().size() >= 2) {
            // what the matrix can show at all: with few encoders only near-perfect correlations are told from chance
            s.append(Html.paragraph(String.format(Locale.ROOT, "Over %d encoders a correlation needs |r| ≥ %.3f for "
                    + "p < 0.05 (10 encoders: %.3f; 30: %.3f), so blocks show only where tasks move almost in step.",
                    encoders, TaskCorrelations.criticalR(encoders, 0.05), TaskCorrelations.criticalR(10, 0.05),
                    TaskCorrelations.criticalR(30, 0.05))));
        }
        s.append(ReportContext.orUnavailable("Pearson correlations", () -> {
            ctx.selection().requireTasks(2, "a correlation between tasks");
            return heatmap(ctx, TaskCorrelations.pearson(scores));
        }));
        s.append(ReportContext.orUnavailable("Spearman correlations", () -> {
            ctx.selection().requireTasks(2, "a correlation between tasks");
            return heatmap(ctx, TaskCorrelations.spearman(scores));
        }));
        return s.toString();
    }

    private static String heatmap(ReportContext ctx, CorrelationMatrix m) {
        String method = m.method().name().toLowerCase(Locale.ROOT);
        double[][] r = m.r();
        double[][] p = m.p();
        int k = m.tasks().size();
        String[][] tips = new String[k][k];
        List<List<Object>> rows = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                tips[a][b] = String.format(Locale.ROOT, "%s × %s: %s = %.3f, p = %.3g (n = %d)", m.tasks().get(a),
                        m.tasks().get(b), m.method() == CorrelationMatrix.Method.PEARSON ? "r" : "ρ", r[a][b], p[a][b],
                        m.n());
                if (a < b) {
                    rows.add(List.of(m.tasks().get(a), m.tasks().get(b), r[a][b], p[a][b], m.n()));
                }
            }
        }
        List<Integer> blocks = new ArrayList<>();
        tasksByCategory(ctx.analysed()).values().forEach(tasks -> blocks.add(tasks.size()));
        Heatmap heatmap = new Heatmap("correlations-" + method, (m.method() == CorrelationMatrix.Method.PEARSON
                ? "Pearson r" : "Spearman ρ") + " between tasks", m.tasks(), m.tasks(), r,
                ColorScale.diverging(-1, 1), tips, blocks);
        return Html.subheading(heatmap.title()) + ctx.output().chart(heatmap.scene()) + ctx.output().table(
                new ReportTable("correlations-" + method, List.of("task a", "task b", "r", "p", "n"), rows));
    }

    /** Tasks grouped by category, in table order. */
    static Map<String, List<String>> tasksByCategory(ResultTable table) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        table.tasks().forEach(t -> groups.computeIfAbsent(table.category(t), c -> new ArrayList<>()).add(t));
        return groups;
    }

    static List<String> labels(ResultTable table) {
        return table.encoders().stream().map(EncoderInfo::label).toList();
    }
}
