package dev.repbench.runtime.cli;

import dev.repbench.runtime.analysis.compare.TaskSelection;
import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.report.ReportBuilder;
import dev.repbench.runtime.report.ReportRequest;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repbench report}: the HTML report of a records folder, with charts and tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build an HTML report (index.html, charts/*.svg|png, tables/*.csv|json) from result records:",
                "encoders, scores, task correlations, the study's comparisons, CKA heatmaps and the ANOVA;",
                "correlations, comparisons and ANOVA read the tasks that separate an encoder from random-init."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--records", required = true, paramLabel = "DIR", description = "The records folder of repbench eval.")
    private Path records;

    @Option(names = "--cka", paramLabel = "FILE", arity = "1..*", description = "cka.json files from repbench cka.")
    private List<Path> cka = List.of();

    @Option(names = "--encoders", paramLabel = "DIR|FILE", arity = "1..*",
            description = "Encoder folders or encoder.json files naming encoders the records folder has no copy of.")
    private List<Path> encoders = List.of();

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The report folder (created, or an earlier report replaced).")
    private Path out;

    @Option(names = "--title", defaultValue = "RepBench report", paramLabel = "TEXT",
            description = "The page title (default: ${DEFAULT-VALUE}).")
    private String title;

    @Option(names = TaskSelection.ALL_TASKS_FLAG,
            description = "Compute the task correlations, comparisons and ANOVA on every task, not only on those "
                    + "whose best encoder clears the separation line over random-init (the default, where the records "
                    + "have a random-init encoder).")
    private boolean allTasks;

    @Override
    public Integer call() {
        // The report is built beside --out and renamed into place, so that folder must take new files.
        OutputFolder.requireWritable(out.toAbsolutePath().normalize().getParent(), "--out");
        Path index;
        try {
            index = ReportBuilder.build(new ReportRequest(records, cka, out, title, encoders, List.of(), allTasks));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        spec.commandLine().getOut().println("report: " + index);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
