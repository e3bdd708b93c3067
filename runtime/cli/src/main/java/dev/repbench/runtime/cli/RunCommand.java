package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.ExecutionOptions;
import dev.repbench.runtime.cli.options.PositiveInt;
import dev.repbench.runtime.cli.options.PrecisionOption;
import dev.repbench.runtime.study.OpenedStudy;
import dev.repbench.runtime.study.run.StudyCellExecutors;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.run.ParallelStudyRunner;
import dev.repbench.runtime.study.run.StudyRunner;
import dev.repbench.runtime.study.slurm.JobInvocation;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code repbench run SPEC}: validates a run spec, then runs its pending cells in dependency order, continuing past
 * failures; exits 1 if any cell failed or was skipped. Reruns resume: done cells are never run again.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a study from a spec file (docs/run-spec.md): pretraining, exports, evaluations, CKA and the",
                "report, as cells run in dependency order. Done cells are skipped; failures are recorded and do not stop",
                "the others. The spec's device, threads and plugins folder apply (not --device and --plugins); --threads,",
                "when given, overrides the spec's (a Slurm task passes the CPUs it was given), and so does --precision",
                "(cells already done are not run again in the other precision: give such a study its own output)."})
public final class RunCommand implements Callable<Integer> {
    /** A long cell logs a progress line at most this often: alive, without flooding a cluster's log files. */
    private static final Duration CELL_PROGRESS_INTERVAL = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The run spec (YAML).")
    private Path specFile;

    @Option(names = "--list-cells", description = "List the cells with what they need, and run nothing.")
    private boolean listCells;

    @Option(names = "--cell", paramLabel = "ID", description = "Run only this cell; its dependencies must be done.")
    private String cell;

    @Option(names = "--parallel", paramLabel = "N", converter = PositiveInt.class,
            description = {"Run cells N at once: N worker processes of threads/N threads each share the study's cells",
                    "(default: 1, one cell at a time in this process)."})
    private int parallel = 1;

    @Option(names = "--redo-changed", description = {"Redo the done cells whose definition the spec changed since (without it",
            "they stay done, with a warning): their outputs are removed and they run again, and so does what depends on",
            "them. With --cell, that cell only."})
    private boolean redoChanged;

    /** Set on the workers {@code --parallel} starts: when the parallel run began; the summary is the parent's. */
    @Option(names = "--worker-since", hidden = true)
    private Instant workerSince;

    @Mixin
    private PrecisionOption precision;

    /** @return {@code --threads} if given on the command line (before or after {@code run}), else null */
    private Integer threadsGiven() {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--threads")
                || spec.root().commandLine().getParseResult().hasMatchedOption("--threads");
        return given ? ((RepbenchCommand) spec.root().userObject()).execution().threads() : null;
    }

    /**
     * Starts a worker, {@code repbench run SPEC --worker-since T}, in a new process of this RepBench (its Java, options
     * and class path) writing to this process's output, with {@code threads} threads and this run's precision.
     */
    private ParallelStudyRunner.WorkerLauncher workers(int threads) {
        JobInvocation self = JobInvocation.ofThisJvm(Main.class.getName());
        String specPath = specFile.toAbsolutePath().toString();
        return (worker, since) -> {
            List<String> arguments = new ArrayList<>(List.of("run", specPath, "--worker-since", since.toString(),
                    "--threads", Integer.toString(threads)));
            if (precision.given() != null) {
                arguments.addAll(List.of("--precision", precision.given().toString()));
            }
            Process process = new ProcessBuilder(self.command(arguments)).inheritIO().start();
            return process.onExit().thenApply(Process::exitValue);
        };
    }

    /** {@code --redo-changed}: makes the changed done cells (or {@code --cell}, if changed) pending, saying which. */
    private void redoChanged(StudyRunner runner, OpenedStudy study, PrintWriter out) throws IOException {
        List<Cell> which = cell == null ? study.plan().cells()
                : study.plan().cell(cell.strip()).map(List::of).orElse(List.of());
        try {
            for (Cell redone : runner.ledger().redoChanged(which)) {
                out.println(redone.id() + ": " + CellLedger.redoNote(redone));
            }
        } catch (IllegalStateException held) {
            throw new CliFailure(held.getMessage(), held);
        }
        out.flush();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OpenedStudy study = OpenedStudy.open(specFile, w -> err.println("warning: " + w), threadsGiven(),
                precision.given())) {
            if (listCells) {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("cell", "needs"));
                for (Cell c : study.plan().cells()) {
                    rows.add(List.of(c.id(), String.join(", ", c.dependencies())));
                }
                TextTable.print(out, rows);
                out.flush();
                return 0;
            }
            if (parallel > 1 && cell != null) {
                throw new CliFailure("--parallel runs the whole spec: give it without --cell (or --cell without --parallel)");
            }
            Torch.requireDevice(study.spec().device()); // a GPU study on a machine without one fails before any cell
            Torch.setNumThreads(study.spec().threads());
            if (workerSince == null) {
                ExecutionOptions.announceFeaturesProvider(study.spec().device(), err);
            }
            StudyRunner runner = new StudyRunner(study.plan(), StudyCellExecutors.create(study.spec(), study.registry(),
                            id -> ProgressDisplay.create(ProgressDisplay.Mode.LINES, out, id, CELL_PROGRESS_INTERVAL),
                            line -> {
                                out.println("  " + line);
                                out.flush();
                            }),
                    study.software(), out);
            if (redoChanged && workerSince == null) {
                redoChanged(runner, study, out);
            }
            StudyRunner.Summary summary;
            try {
                if (workerSince != null) {
                    summary = runner.runAsWorker(workerSince);
                } else if (cell != null) {
                    summary = runner.runOne(cell.strip());
                } else if (parallel > 1) {
                    int threads = Math.max(1, study.spec().threads() / parallel);
                    out.printf(Locale.ROOT, "%s: %d worker processes, %d thread(s) each%n", study.spec().name(), parallel,
                            threads);
                    summary = new ParallelStudyRunner(runner, workers(threads), parallel).runAll();
                } else {
                    summary = runner.runAll();
                }
            } catch (IllegalArgumentException | StudyRunner.NotReadyException e) {
                throw new CliFailure(e.getMessage(), e);
            }
            if (workerSince != null) {
                return summary.failed() > 0 || summary.skipped() > 0 ? ErrorReporter.FAILURE : 0;
            }
            out.printf(Locale.ROOT, "%s: %d cell(s) completed, %d already done, %d failed, %d skipped, %d left to other"
                            + " processes; results in %s%n", study.spec().name(), summary.completed(), summary.alreadyDone(),
                    summary.failed(), summary.skipped(), summary.leftToOthers(), study.spec().output());
            out.flush();
            if (summary.failed() > 0 || summary.skipped() > 0) {
                err.println("repbench: " + (summary.failed() + summary.skipped()) + " cell(s) not done — 'repbench status "
                        + specFile + "' shows why; failed cells' errors are in " + study.plan().layout().root().resolve("cells")
                        + "/ID/failed.json; rerun to retry them");
                err.flush();
                return ErrorReporter.FAILURE;
            }
            return 0;
        }
    }
}
