package dev.repbench.runtime.study.slurm;

import dev.repbench.runtime.study.cell.StudyLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Slurm side of {@code repbench status} for a submitted study: each cell's job and array task, the task's Slurm
 * state — from {@code squeue} while the controller remembers the job, else from {@code sacct} where there is
 * accounting, else {@code ended} (the cell's own state then says what became of it) — and its log file.
 */
public final class SlurmStatus {
    /** The columns it adds to the status table. */
    public static final List<String> HEADERS = List.of("job", "slurm", "log");

    private final StudyLayout study;
    private final SlurmLayout layout;
    private final SubmissionLog log;
    private final Map<String, String> queue;
    private final Map<String, String> accounting;
    private final String unknownState;

    private SlurmStatus(StudyLayout study, SubmissionLog log, Map<String, String> queue, Map<String, String> accounting,
                        String unknownState) {
        this.study = study;
        this.layout = SlurmLayout.of(study);
        this.log = log;
        this.queue = queue;
        this.accounting = accounting;
        this.unknownState = unknownState;
    }

    /**
     * Reads the study's submissions and asks Slurm about their jobs.
     *
     * @param study the study's output folder
     * @param slurm Slurm's commands
     * @return the status, or empty if the study was never submitted
     */
    public static Optional<SlurmStatus> of(StudyLayout study, SlurmClient slurm) {
        Optional<SubmissionLog> log = SubmissionLog.read(SlurmLayout.of(study));
        if (log.isEmpty() || log.get().submissions().isEmpty()) {
            return Optional.empty();
        }
        Set<String> jobIds = new LinkedHashSet<>();
        log.get().submissions().forEach(s -> jobIds.addAll(s.jobIds()));
        String unknown = "ended";
        Map<String, String> queue;
        try {
            Optional<Map<String, String>> answered = slurm.queueStates(jobIds);
            queue = answered.orElse(Map.of());
            if (answered.isEmpty()) {
                unknown = slurm.has("squeue") ? "unknown (squeue failed)" : "unknown (no squeue on the PATH)";
            }
        } catch (SlurmException e) {
            queue = Map.of();
            unknown = "unknown (squeue failed)";
        }
        // Per task, not per job: the controller forgets each ended array task after MinJobAge while its siblings
        // still run, so a job squeue lists can still have tasks only sacct knows.
        Set<String> notQueued = new LinkedHashSet<>();
        for (SubmissionLog.Submission submission : log.get().submissions()) {
            for (SubmissionLog.Job job : submission.jobs()) {
                for (int i = 0; i < job.tasks().size(); i++) {
                    if (!queue.containsKey(job.taskId(i))) {
                        notQueued.add(job.jobId());
                    }
                }
            }
        }
        Map<String, String> accounting;
        try {
            accounting = slurm.accountingStates(notQueued);
        } catch (SlurmException e) {
            accounting = Map.of();
        }
        return Optional.of(new SlurmStatus(study, log.get(), queue, accounting, unknown));
    }

    /**
     * @param cellId a cell
     * @return its job (e.g. {@code 12_3}), Slurm state and log (relative to the output folder); blanks if it was never
     *         submitted
     */
    public List<String> columns(String cellId) {
        Optional<SubmissionLog.Placement> placement = log.placement(cellId);
        if (placement.isEmpty()) {
            return List.of("", "", "");
        }
        String task = placement.get().taskId();
        String state = queue.getOrDefault(task, accounting.getOrDefault(task, unknownState));
        return List.of(task, state, relative(placement.get().logFile()));
    }

    /** @return one line naming the latest submission's jobs and folder */
    public String summary() {
        SubmissionLog.Submission latest = log.latest().orElseThrow();
        List<String> jobs = new ArrayList<>();
        for (SubmissionLog.Job job : latest.jobs()) {
            jobs.add(job.jobId() + " (" + job.role().label() + (job.role().isArray() ? ", " + job.tasks().size()
                    + " task" + (job.tasks().size() == 1 ? "" : "s") : "") + ")");
        }
        return "slurm: submission " + latest.number() + " of " + log.submissions().size() + ", submitted "
                + latest.submittedAt() + ": jobs " + String.join(", ", jobs) + "; scripts and logs in "
                + relative(layout.submission(latest.number()));
    }

    private String relative(Path path) {
        Path root = study.root().toAbsolutePath().normalize();
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }
}
