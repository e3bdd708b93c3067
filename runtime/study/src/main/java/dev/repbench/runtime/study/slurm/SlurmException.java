package dev.repbench.runtime.study.slurm;

/** Something Slurm refused or lacks, said in one line that names the fix; nothing was submitted. */
public final class SlurmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and how to fix it, one line
     */
    public SlurmException(String message) {
        super(message);
    }
}
