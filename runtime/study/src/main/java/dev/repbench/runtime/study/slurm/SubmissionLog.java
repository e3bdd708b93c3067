package dev.repbench.runtime.study.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.repbench.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code slurm/submissions.json}: every submission of a study, with its jobs and which array task runs each cell.
 * Rewritten atomically after each submission, so it is always whole.
 *
 * @param study       the study's name
 * @param submissions oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubmissionLog(String study, List<Submission> submissions) {
    public SubmissionLog {
        submissions = submissions == null ? List.of() : List.copyOf(submissions);
    }

    /**
     * One {@code repbench submit}.
     *
     * @param number      1, 2, … in submission order
     * @param submittedAt ISO-8601 time
     * @param host        where it was submitted from
     * @param jobs        its jobs in submission order; each depends ({@code afterany}) on the one before
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Submission(int number, String submittedAt, String host, List<Job> jobs) {
        public Submission {
            jobs = jobs == null ? List.of() : List.copyOf(jobs);
        }

        /** @return the job ids */
        public List<String> jobIds() {
            return jobs.stream().map(Job::jobId).toList();
        }
    }

    /**
     * One submitted job.
     *
     * @param role      which of the three
     * @param jobId     Slurm's id (an array's own id)
     * @param dependsOn the id of the job it waits for ({@code afterany}), or null
     * @param script    its sbatch script
     * @param cellList  its cell list, or null for the report
     * @param log       its log file pattern ({@code %A_%a} or {@code %j} as sbatch writes them)
     * @param tasks     the cells of each array task (the report: one task, {@code report})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Job(JobRole role, String jobId, String dependsOn, String script, String cellList, String log,
                      List<List<String>> tasks) {
        public Job {
            tasks = tasks == null ? List.of() : tasks.stream().map(List::copyOf).toList();
        }

        /** @return the Slurm id of array task {@code index} ({@code 12_3}), or the job's id for the report */
        public String taskId(int index) {
            return role.isArray() ? jobId + "_" + index : jobId;
        }

        /** @return the log file of array task {@code index} */
        public Path logFile(int index) {
            return Path.of(log.replace("%A", jobId).replace("%a", Integer.toString(index)).replace("%j", jobId));
        }
    }

    /**
     * Where a cell was last submitted.
     *
     * @param submission the submission
     * @param job        its job
     * @param index      the array task (0 for the report)
     */
    public record Placement(Submission submission, Job job, int index) {
        /** @return the Slurm id of the task, e.g. {@code 12_3} */
        public String taskId() {
            return job.taskId(index);
        }

        /** @return its log file */
        public Path logFile() {
            return job.logFile(index);
        }
    }

    /**
     * @param layout the study's slurm folder
     * @return its log, or empty if nothing was ever submitted
     * @throws UncheckedIOException naming the file if it cannot be read
     */
    public static Optional<SubmissionLog> read(SlurmLayout layout) {
        Path file = layout.submissions();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AtomicFiles.JSON.readValue(file.toFile(), SubmissionLog.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage() + " — move it aside to"
                    + " submit afresh (the cells' own states are in cells/)", e);
        }
    }

    /** @return this log with {@code submission} added, written atomically to {@code layout} */
    public SubmissionLog append(SlurmLayout layout, Submission submission) throws IOException {
        List<Submission> all = new ArrayList<>(submissions);
        all.add(submission);
        SubmissionLog updated = new SubmissionLog(study, all);
        AtomicFiles.writeJson(layout.submissions(), updated);
        return updated;
    }

    /** @return the number the next submission gets */
    public int nextNumber() {
        return submissions.isEmpty() ? 1 : submissions.getLast().number() + 1;
    }

    /** @return the latest submission, if any */
    public Optional<Submission> latest() {
        return submissions.isEmpty() ? Optional.empty() : Optional.of(submissions.getLast());
    }

    /** @return the array task that last ran (or runs) the cell, if it was ever submitted */
    public Optional<Placement> placement(String cellId) {
        for (Submission submission : submissions.reversed()) {
            for (Job job : submission.jobs()) {
                for (int i = 0; i < job.tasks().size(); i++) {
                    if (job.tasks().get(i).contains(cellId)) {
                        return Optional.of(new Placement(submission, job, i));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
