package dev.repbench.runtime.cli;

import dev.repbench.runtime.analysis.compare.TaskSelection;
import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.cli.options.RunPrecisionOption;
import dev.repbench.runtime.report.ReportBuilder;
import dev.repbench.runtime.report.ReportRequest;
import dev.repbench.runtime.study.OpenedStudy;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.run.StudyInputs;
import dev.repbench.runtime.study.run.StudyReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repbench report}: the HTML report of a records folder, or of a study, with charts and tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build an HTML report (index.html, charts/*.svg|png, tables/*.csv|json) from result records:",
                "encoders, scores, task correlations, the study's comparisons, CKA heatmaps and the ANOVA;",
                "correlations, comparisons and ANOVA read the tasks that separate an encoder from random-init."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** What the report reads: a records folder, or a study. */
    static final class Source {
        @Option(names = "--records", required = true, paramLabel = "DIR", description = "The records folder of repbench eval.")
        Path records;

        @Option(names = "--spec", required = true, paramLabel = "SPEC", description = "A study's run spec: its report as"
                + " its report cell builds it (its records as the spec now stands, its encoders by their names, its"
                + " CKA matrices), with this command's options.")
        Path study;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(names = "--cka", paramLabel = "FILE", arity = "1..*", description = "cka.json files from repbench cka"
            + " (with --records).")
    private List<Path> cka = List.of();

    @Option(names = "--encoders", paramLabel = "DIR|FILE", arity = "1..*",
            description = "Encoder folders or encoder.json files naming encoders the records folder has no copy of"
                    + " (with --records).")
    private List<Path> encoders = List.of();

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The report folder (created, or an earlier report replaced).")
    private Path out;

    @Option(names = "--title", paramLabel = "TEXT",
            description = "The page title (default: the study's name, or RepBench report).")
    private String title;

    @Option(names = TaskSelection.ALL_TASKS_FLAG,
            description = "Compute the task correlations, comparisons and ANOVA on every task, not only on those "
                    + "whose best encoder clears the separation line over random-init (the default, where the records "
                    + "have a random-init encoder).")
    private boolean allTasks;

    @Mixin
    private RunPrecisionOption precision;

    @Override
    public Integer call() {
        // The report is built beside --out and renamed into place, so that folder must take new files.
        OutputFolder.requireWritable(out.toAbsolutePath().normalize().getParent(), "--out");
        Path index;
        try {
            if (source.study == null && precision.given() != null) {
                throw new CliFailure("--precision goes with --spec (the precision a study was run with); a records "
                        + "folder's report reads every record, in whatever precision it was made");
            }
            index = ReportBuilder.build(source.study == null ? new ReportRequest(source.records, cka, out,
                    title == null ? "RepBench report" : title, encoders, List.of(), allTasks) : studyRequest());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        spec.commandLine().getOut().println("report: " + index);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The study's report ({@link StudyReport}) into {@code --out}, with this command's title and task choice. */
    private ReportRequest studyRequest() {
        if (!cka.isEmpty() || !encoders.isEmpty()) {
            throw new CliFailure("--cka and --encoders go with --records: a study's report reads its own CKA matrices"
                    + " and encoders");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (OpenedStudy study = OpenedStudy.open(source.study, w -> err.println("warning: " + w), null,
                precision.given())) {
            Cell.Report report = study.plan().report(out);
            if (title != null) {
                report = new Cell.Report(title, report.records(), report.ckaFiles(), report.out(), report.dependencies());
            }
            return StudyReport.request(study.plan(), report, new StudyInputs(study.spec(), study.registry()), allTasks);
        }
    }
}
