package dev.repbench.runtime.study.slurm;

import java.util.Locale;

/** The three jobs of a submission, in the order they run. */
public enum JobRole {
    /** The encoder cells (pretraining, exports, imports): an array sized for GPUs, one cell per task. */
    ENCODERS("the encoder cells (pretraining, exports, imports)"),
    /** The evaluation and CKA cells: an array, each task one encoder's seeds of one task, or one CKA cell. */
    EVALS("the evaluation and CKA cells"),
    /** The report: one job. */
    REPORT("the report");

    private final String description;

    JobRole(String description) {
        this.description = description;
    }

    /** @return the lower-case name used in file and job names */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what the job runs, for script headers */
    public String description() {
        return description;
    }

    /** @return whether the job is an array of tasks, each running a line of its cell list */
    public boolean isArray() {
        return this != REPORT;
    }
}
