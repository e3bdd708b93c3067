package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.analysis.compare.ScoreAnova;
import dev.repbench.runtime.analysis.compare.TaskSelection;
import dev.repbench.runtime.analysis.stats.AnovaRow;
import dev.repbench.runtime.analysis.stats.AnovaTable;
import dev.repbench.runtime.analysis.stats.CorrelationMatrix;
import dev.repbench.runtime.analysis.stats.TaskCorrelations;
import dev.repbench.runtime.report.ResultsFolder;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repbench analyze}: the score table, task correlations and an ANOVA of a records folder, on stdout. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the scores per encoder and task, task correlations and, with --anova, a factorial ANOVA.",
                "Correlations and ANOVA read the tasks that separate an encoder from random-init, as the report does."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--records", required = true, paramLabel = "DIR", description = "The records folder of repbench eval.")
    private Path records;

    @Option(names = "--encoders", paramLabel = "DIR|FILE", arity = "1..*",
            description = "Encoder folders or encoder.json files naming encoders the records folder has no copy of.")
    private List<Path> encoders = List.of();

    @Option(names = "--correlations", paramLabel = "pearson|spearman", defaultValue = "pearson",
            description = "Which task correlation to print (default: ${DEFAULT-VALUE}).")
    private String correlations;

    @Option(names = "--anova", split = ",", paramLabel = "FACTOR[,FACTOR…]",
            description = "Main effects to fit over the self-supervised encoders' records: task, algorithm, dataset, "
                    + "epochs.")
    private List<String> anova = List.of();

    @Option(names = TaskSelection.ALL_TASKS_FLAG,
            description = "Compute the correlations and ANOVA on every task, not only on those whose best encoder "
                    + "clears the separation line over random-init (the default, as in repbench report).")
    private boolean allTasks;

    @Override
    public Integer call() {
        CorrelationMatrix.Method method = switch (correlations.toLowerCase(Locale.ROOT)) {
            case "pearson" -> CorrelationMatrix.Method.PEARSON;
            case "spearman" -> CorrelationMatrix.Method.SPEARMAN;
            default -> throw Usage.error(spec, "--correlations is pearson or spearman, got '" + correlations + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        try {
            ResultsFolder folder = ResultsFolder.load(records, encoders);
            folder.notes().forEach(n -> out.println("note: " + n));
            folder.table().notes().forEach(n -> out.println("note: " + n));
            printScores(out, folder.table());
            out.println();
            TaskSelection selection = TaskSelection.of(folder.table(), allTasks);
            out.println(selection.sentence());
            printCorrelations(out, selection, method);
            if (!anova.isEmpty()) {
                out.println();
                printAnova(out, selection, anova);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            out.flush();
            throw new CliFailure(e.getMessage(), e);
        }
        out.flush();
        return 0;
    }

    private static void printScores(PrintWriter out, ResultTable table) {
        out.println("Scores (mean over seeds; - not evaluated)");
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("encoder"));
        header.addAll(table.tasks());
        rows.add(header);
        for (EncoderInfo e : table.encoders()) {
            List<String> row = new ArrayList<>(List.of(e.label()));
            table.tasks().forEach(t -> row.add(number(table.mean(e, t))));
            rows.add(row);
        }
        TextTable.print(out, rows);
    }

    private static void printCorrelations(PrintWriter out, TaskSelection selection, CorrelationMatrix.Method method) {
        String name = method == CorrelationMatrix.Method.PEARSON ? "Pearson r" : "Spearman rho";
        ResultTable table = selection.table();
        CorrelationMatrix m;
        try {
            selection.requireTasks(2, "a correlation between tasks");
            m = method == CorrelationMatrix.Method.PEARSON ? TaskCorrelations.pearson(table.scores())
                    : TaskCorrelations.spearman(table.scores());
        } catch (IllegalArgumentException e) {
            out.println(name + " between tasks: not computed: " + e.getMessage());
            return;
        }
        out.println(name + " between tasks over " + m.n() + " encoders (two-sided p in parentheses)");
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("task"));
        header.addAll(m.tasks());
        rows.add(header);
        for (int a = 0; a < m.tasks().size(); a++) {
            List<String> row = new ArrayList<>(List.of(m.tasks().get(a)));
            for (int b = 0; b < m.tasks().size(); b++) {
                row.add(a == b ? "1" : String.format(Locale.ROOT, "%.3f (%.2g)", m.r()[a][b], m.p()[a][b]));
            }
            rows.add(row);
        }
        TextTable.print(out, rows);
    }

    private static void printAnova(PrintWriter out, TaskSelection selection, List<String> factors) {
        // an unknown factor is the caller's mistake (exit 1); too few separating tasks is the data's (a line, exit 0)
        ScoreAnova.requireKnownFactors(factors);
        try {
            selection.requireTasks(1, "an ANOVA of scores");
        } catch (IllegalArgumentException e) {
            out.println("ANOVA: not computed: " + e.getMessage());
            return;
        }
        AnovaTable table = ScoreAnova.fit(selection.table(), factors);
        out.println("ANOVA (type II, main effects, " + table.n() + " observations: self-supervised encoder × task, "
                + "averaged over head seeds)");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("term", "df", "sum sq", "mean sq", "F", "p"));
        List<AnovaRow> all = new ArrayList<>(table.effects());
        all.add(table.residual());
        for (AnovaRow r : all) {
            rows.add(List.of(r.term(), Integer.toString(r.df()), number(r.sumOfSquares()), number(r.meanSquare()),
                    number(r.f()), Double.isNaN(r.p()) ? "" : String.format(Locale.ROOT, "%.3g", r.p())));
        }
        TextTable.print(out, rows);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }
}
