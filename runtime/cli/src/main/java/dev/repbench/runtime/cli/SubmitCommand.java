package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.study.OpenedStudy;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.run.RunManifest;
import dev.repbench.runtime.study.run.StudyInputs;
import dev.repbench.runtime.study.slurm.JobInvocation;
import dev.repbench.runtime.study.slurm.SlurmClient;
import dev.repbench.runtime.study.slurm.SlurmException;
import dev.repbench.runtime.study.slurm.SlurmOptions;
import dev.repbench.runtime.study.slurm.SlurmSubmitter;
import dev.repbench.runtime.study.spec.SpecDocument;
import dev.repbench.runtime.study.spec.SpecException;
import dev.repbench.runtime.study.spec.SpecNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code repbench submit SPEC --slurm}: submits a study's pending cells to Slurm as an encoder array, an evaluation
 * array after it and the report after that (docs/cluster.md). The logic is in {@code dev.repbench.runtime.study.slurm}.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Submit a study's pending cells to a Slurm cluster (docs/cluster.md): the encoder cells as a job",
                "array, the evaluation and CKA cells as a second array after it (afterany), the report after that.",
                "Scripts, cell lists and logs go to OUT/slurm/submission-N/; 'repbench status SPEC' follows the jobs.",
                "Resubmitting submits only the cells that are not done."})
public final class SubmitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The run spec (YAML).")
    private Path specFile;

    @Option(names = "--slurm", description = "Submit to Slurm (sbatch); the only scheduler so far.")
    private boolean slurm;

    @Option(names = "--partition", paramLabel = "NAME", description = "Slurm partition (default: the cluster's).")
    private String partition;

    @Option(names = "--account", paramLabel = "NAME", description = "Slurm account to charge.")
    private String account;

    @Option(names = "--time", paramLabel = "LIMIT", description = "Time limit of each job, e.g. 4:00:00 or 1-00:00:00.")
    private String time;

    @Option(names = "--gpus-per-task", paramLabel = "N", description = "GPUs of each encoder and evaluation task (the"
            + " spec's device should then be cuda).")
    private Integer gpusPerTask;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "CPUs of each task, which it computes with"
            + " (default: the spec's threads if it sets them, else 1).")
    private Integer cpusPerTask;

    @Option(names = "--mem", paramLabel = "SIZE", description = "Memory of each job, e.g. 32G.")
    private String mem;

    @Option(names = "--max-parallel", paramLabel = "K", description = "At most K tasks of an array at once (%%K).")
    private Integer maxParallel;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "Another sbatch option for every job, e.g."
            + " --sbatch-arg=--qos=high (repeatable).")
    private List<String> sbatchArgs = new ArrayList<>();

    @Option(names = "--requeue", description = "Let Slurm rerun a task killed by a node failure or preemption; its"
            + " cell resumes (pretraining from its last checkpoint).")
    private boolean requeue;

    @Option(names = "--dry-run", description = "Write and print the scripts and cell lists; submit nothing.")
    private boolean dryRun;

    @Option(names = "--redo-changed", description = "Also submit the done cells whose definition the spec changed since"
            + " (their outputs are removed first; with --dry-run nothing is removed), and what depends on them.")
    private boolean redoChanged;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!slurm) {
            throw Usage.error(spec, "submit needs a scheduler: add --slurm");
        }
        try (OpenedStudy study = OpenedStudy.open(specFile, w -> err.println("warning: " + w))) {
            SlurmOptions options = new SlurmOptions(partition, account, time, gpusPerTask,
                    cpusPerTask != null ? cpusPerTask : specSetsThreads() ? study.spec().threads() : 1, mem, maxParallel,
                    sbatchArgs, requeue);
            SlurmSubmitter submitter = new SlurmSubmitter(SlurmClient.fromEnvironment());
            CellLedger ledger = new CellLedger(study.plan().layout());
            Set<String> redo = redoChanged ? new LinkedHashSet<>(ledger.changed(study.plan().cells())) : Set.of();
            SlurmSubmitter.Outcome prepared = submitter.prepare(study.plan(), new StudyInputs(study.spec(),
                    study.registry()), options, JobInvocation.ofThisJvm(Main.class.getName()), dryRun, redo);
            String name = study.spec().name();
            if (prepared.jobs().isEmpty()) {
                out.println(name + ": every cell is done; nothing to submit (" + study.plan().layout().root() + ")");
                out.flush();
                return 0;
            }
            if (dryRun) {
                redo.forEach(id -> out.println("# " + id + ": the spec changed since it was done; a submission with"
                        + " --redo-changed removes its outputs and runs it again"));
                printDryRun(out, prepared);
                return 0;
            }
            // after prepare, which refuses while an earlier submission is queued: its jobs may still read these outputs
            List<Cell> changed = study.plan().cells().stream().filter(c -> redo.contains(c.id())).toList();
            try {
                for (Cell redone : ledger.redoChanged(changed)) {
                    out.println(redone.id() + ": " + CellLedger.redoNote(redone));
                }
            } catch (IllegalStateException held) {
                throw new CliFailure(held.getMessage(), held);
            }
            // the study's inputs are hashed once here, not again by each of its cells
            RunManifest.write(study.spec(), study.software());
            SlurmSubmitter.Outcome submitted = submitter.submit(study.plan(), prepared);
            out.printf(Locale.ROOT, "%s: submission %d, %d cell(s) not done:%n", name, submitted.number(), submitted.cells());
            for (SlurmSubmitter.PlannedJob job : submitted.jobs()) {
                out.println("  job " + job.jobId() + "  " + describe(job)
                        + (job.dependsOn() == null ? "" : ", after job " + job.dependsOn() + " ends (afterany)"));
            }
            out.println("scripts, cell lists and logs in " + submitted.folder() + "; 'repbench status " + specFile
                    + "' follows the jobs");
            out.flush();
            return 0;
        } catch (SpecException e) {
            err.println("repbench: " + e.problems().size() + " problem(s) in the run spec, nothing was submitted:");
            e.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return ErrorReporter.USAGE;
        } catch (SlurmException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    private static String describe(SlurmSubmitter.PlannedJob job) {
        int tasks = job.tasks().size();
        int cells = job.tasks().stream().mapToInt(List::size).sum();
        return job.role().label() + (job.role().isArray() ? ": array of " + tasks + " task(s), " + cells + " cell(s)" : "");
    }

    private void printDryRun(PrintWriter out, SlurmSubmitter.Outcome prepared) {
        out.println("# Dry run: nothing was submitted. " + prepared.cells() + " cell(s) not done; the scripts and cell"
                + " lists are in " + prepared.folder());
        for (SlurmSubmitter.PlannedJob job : prepared.jobs()) {
            out.println();
            out.println("# ==> " + job.script() + " <==");
            out.print(job.text());
            if (job.cellList() != null) {
                out.println("# ==> " + job.cellList() + " (" + job.tasks().size() + " line(s), one per array task) <==");
                job.tasks().stream().limit(20).forEach(task -> out.println("#   " + String.join(" ", task)));
                if (job.tasks().size() > 20) {
                    out.println("#   … " + (job.tasks().size() - 20) + " more");
                }
            }
        }
        out.println();
        out.println("# To submit by hand, in this order:");
        String previous = null;
        for (SlurmSubmitter.PlannedJob job : prepared.jobs()) {
            String variable = job.role().label();
            out.println(variable + "=$(sbatch --parsable" + (previous == null ? "" : " --dependency=afterany:$" + previous)
                    + " " + job.script() + ")");
            previous = variable;
        }
        out.flush();
    }

    /** @return whether the spec file sets {@code threads:} itself (its default is this machine's processors) */
    private boolean specSetsThreads() {
        return SpecDocument.read(specFile).root() instanceof SpecNode.MapNode map && map.entries().containsKey("threads");
    }
}
