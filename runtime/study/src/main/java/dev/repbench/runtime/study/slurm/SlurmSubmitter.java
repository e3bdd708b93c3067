package dev.repbench.runtime.study.slurm;

import dev.repbench.runtime.study.cell.CellInputs;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.cell.Lease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Submits a study's pending cells to Slurm in two steps. {@link #prepare} checks (sbatch on the path, the partition,
 * no earlier submission still queued) and writes the scripts and cell lists into {@code slurm/submission-N/}, then
 * asks {@code sbatch --test-only} whether it would accept each. {@link #submit} submits the encoder array, the
 * evaluation array after it and the report after that (each {@code afterany}: a failed task never blocks the next
 * job, whose cells then skip what they cannot run), and records the jobs; if sbatch refuses one half-way, the jobs
 * already submitted are cancelled.
 */
public final class SlurmSubmitter {
    private final SlurmClient slurm;

    /**
     * @param slurm Slurm's commands
     */
    public SlurmSubmitter(SlurmClient slurm) {
        this.slurm = slurm;
    }

    /**
     * One job of a submission, written (and submitted unless a dry run).
     *
     * @param role      which of the three
     * @param script    its script
     * @param text      the script's text
     * @param cellList  its cell list, or null for the report
     * @param tasks     the cells of each task
     * @param jobId     Slurm's id, or null in a dry run
     * @param dependsOn the job id it waits for, or null
     */
    public record PlannedJob(JobRole role, Path script, String text, Path cellList, List<List<String>> tasks, String jobId,
                             String dependsOn) {
    }

    /**
     * What {@link #submit} did.
     *
     * @param number the submission's number
     * @param folder where its scripts, cell lists and logs are
     * @param jobs   its jobs in order; empty if every cell was done
     * @param cells  how many cells it runs
     */
    public record Outcome(int number, Path folder, List<PlannedJob> jobs, int cells) {
    }

    /**
     * Checks everything and writes the scripts and cell lists of the next submission; submits nothing.
     *
     * @param plan       the study's cells
     * @param inputs     the data version each cell reads (a cell done on other data is submitted again)
     * @param options    resources and sbatch choices
     * @param invocation how jobs start RepBench
     * @param dryRun     whether the scripts are only to be shown (then sbatch need not exist, nor answer)
     * @return the jobs to submit, without ids; none if every cell is done
     * @throws SlurmException naming the fix
     * @throws IOException    if the scripts cannot be written
     */
    public Outcome prepare(CellPlan plan, CellInputs inputs, SlurmOptions options, JobInvocation invocation, boolean dryRun)
            throws IOException {
        return prepare(plan, inputs, options, invocation, dryRun, Set.of());
    }

    /**
     * As {@link #prepare(CellPlan, CellInputs, SlurmOptions, JobInvocation, boolean)}, with done cells that are to be
     * redone ({@code submit --redo-changed}: the caller makes them pending before it submits) in the jobs, and what
     * depends on them.
     *
     * @param redo ids of done cells to submit as if pending
     */
    public Outcome prepare(CellPlan plan, CellInputs inputs, SlurmOptions options, JobInvocation invocation, boolean dryRun,
                           Set<String> redo) throws IOException {
        SlurmLayout layout = SlurmLayout.of(plan.layout());
        if (!dryRun && !slurm.has("sbatch")) {
            throw new SlurmException("sbatch is not on the PATH, so nothing can be submitted — run 'repbench submit' on"
                    + " a Slurm login node (or put Slurm's commands on the PATH); --dry-run writes the scripts without it");
        }
        if (layout.root().toString().chars().anyMatch(Character::isWhitespace)) {
            throw new SlurmException("the output folder " + plan.layout().root() + " has whitespace in its path, which"
                    + " #SBATCH lines cannot carry — set output: in the spec to a folder without spaces");
        }
        SubmissionLog log = SubmissionLog.read(layout).orElse(new SubmissionLog(plan.spec().name(), List.of()));
        if (!dryRun) {
            refuseWhileQueued(log);
        }
        checkPartition(options.partition(), dryRun);
        int number = log.nextNumber();
        int maxArraySize = dryRun ? SubmissionPlan.DEFAULT_MAX_ARRAY_SIZE
                : slurm.maxArraySize().orElse(SubmissionPlan.DEFAULT_MAX_ARRAY_SIZE);
        SubmissionPlan cells = SubmissionPlan.of(plan, new CellLedger(plan.layout()), inputs, maxArraySize, redo);
        if (cells.isEmpty()) {
            return new Outcome(number, layout.submission(number), List.of(), 0);
        }

        SbatchScripts scripts = new SbatchScripts(plan.spec().name(), plan.spec().file(), options, invocation);
        List<PlannedJob> jobs = new ArrayList<>();
        Files.createDirectories(layout.submission(number).resolve("logs"));
        for (JobRole role : JobRole.values()) {
            List<List<String>> tasks = cells.tasks(role);
            if (tasks.isEmpty()) {
                continue;
            }
            Path cellList = null;
            if (role.isArray()) {
                cellList = layout.cellList(number, role);
                Files.writeString(cellList, SbatchScripts.cellList(tasks), StandardCharsets.UTF_8);
            }
            String text = scripts.script(role, number, layout, tasks.size());
            Path script = layout.script(number, role);
            Files.writeString(script, text, StandardCharsets.UTF_8);
            jobs.add(new PlannedJob(role, script, text, cellList, tasks, null, null));
        }
        if (!dryRun) {
            for (PlannedJob job : jobs) {
                slurm.check(job.script());
            }
        }
        return new Outcome(number, layout.submission(number), jobs, cells.cellCount());
    }

    /**
     * Submits prepared jobs in order, each after the one before ({@code afterany}), and records them. If sbatch
     * refuses one, the jobs submitted before it are cancelled.
     *
     * @param plan     the study's cells
     * @param prepared what {@link #prepare} wrote
     * @return the jobs with their ids
     * @throws SlurmException naming the fix, with nothing left submitted
     * @throws IOException    if the record cannot be written
     */
    public Outcome submit(CellPlan plan, Outcome prepared) throws IOException {
        SlurmLayout layout = SlurmLayout.of(plan.layout());
        List<PlannedJob> submitted = new ArrayList<>();
        try {
            String previous = null;
            for (PlannedJob job : prepared.jobs()) {
                List<String> dependency = previous == null ? List.of() : List.of("--dependency=afterany:" + previous);
                String id = slurm.submit(job.script(), dependency);
                submitted.add(new PlannedJob(job.role(), job.script(), job.text(), job.cellList(), job.tasks(), id, previous));
                previous = id;
            }
        } catch (SlurmException e) {
            slurm.cancel(submitted.stream().map(PlannedJob::jobId).toList());
            throw new SlurmException(e.getMessage() + (submitted.isEmpty() ? "" : " (the jobs submitted before it, "
                    + String.join(", ", submitted.stream().map(PlannedJob::jobId).toList()) + ", were cancelled)"));
        }
        int number = prepared.number();
        List<SubmissionLog.Job> recorded = submitted.stream().map(j -> new SubmissionLog.Job(j.role(), j.jobId(),
                j.dependsOn(), j.script().toString(), j.cellList() == null ? null : j.cellList().toString(),
                layout.logPattern(number, j.role()).toString(), j.tasks())).toList();
        SubmissionLog log = SubmissionLog.read(layout).orElse(new SubmissionLog(plan.spec().name(), List.of()));
        log.append(layout, new SubmissionLog.Submission(number, Instant.now().toString(), Lease.localHost(), recorded));
        return new Outcome(number, prepared.folder(), submitted, prepared.cells());
    }

    /** An earlier submission still queued or running would run the same cells again beside this one. */
    private void refuseWhileQueued(SubmissionLog log) {
        Optional<SubmissionLog.Submission> latest = log.latest();
        if (latest.isEmpty()) {
            return;
        }
        Optional<Map<String, String>> states = slurm.queueStates(latest.get().jobIds());
        if (states.isEmpty()) {
            return; // squeue cannot tell; the cells' leases still keep two tasks off one cell
        }
        List<String> active = states.get().entrySet().stream()
                .filter(e -> e.getValue().startsWith("PENDING") || e.getValue().startsWith("RUNNING")
                        || e.getValue().startsWith("CONFIGURING") || e.getValue().startsWith("SUSPENDED")
                        || e.getValue().startsWith("REQUEUED") || e.getValue().startsWith("COMPLETING"))
                .map(Map.Entry::getKey).toList();
        if (!active.isEmpty()) {
            throw new SlurmException("submission " + latest.get().number() + " of this study is still queued or running"
                    + " (" + String.join(", ", active.stream().limit(5).toList()) + (active.size() > 5 ? ", …" : "")
                    + ") — wait for it to end ('repbench status SPEC' follows it), or cancel it with 'scancel "
                    + String.join(" ", latest.get().jobIds()) + "', then submit again");
        }
    }

    private void checkPartition(String partition, boolean dryRun) {
        if (partition == null) {
            return;
        }
        Optional<List<String>> partitions;
        try {
            partitions = slurm.partitions();
        } catch (SlurmException e) {
            if (dryRun) {
                return; // a dry run may be written where no controller answers
            }
            throw e;
        }
        if (partitions.isPresent() && !partitions.get().contains(partition)) {
            throw new SlurmException("partition '" + partition + "' does not exist on this cluster — choose one of "
                    + String.join(", ", partitions.get()) + " with --partition (sinfo lists them)");
        }
    }
}
