package dev.repbench.runtime.study.slurm;

import dev.repbench.runtime.study.cell.StudyLayout;
import java.nio.file.Path;

/**
 * Where submissions live, under the study's output folder:
 * <pre>
 * slurm/submissions.json                 every submission: its jobs, and each cell's array task
 * slurm/submission-N/encoders.sbatch     the scripts, as submitted (sbatch can submit them by hand)
 * slurm/submission-N/encoders.cells      line i + 1: the cells of array task i
 * slurm/submission-N/evals.sbatch|cells
 * slurm/submission-N/report.sbatch
 * slurm/submission-N/logs/ROLE-JOB_TASK.log   one log per array task (report-JOB.log for the report)
 * </pre>
 *
 * @param root the {@code slurm} folder
 */
public record SlurmLayout(Path root) {
    /** The folder's name in the output folder. */
    public static final String FOLDER = "slurm";

    /** @return the layout of a study's output folder */
    public static SlurmLayout of(StudyLayout study) {
        return new SlurmLayout(study.root().toAbsolutePath().normalize().resolve(FOLDER));
    }

    /** @return the record of every submission */
    public Path submissions() {
        return root.resolve("submissions.json");
    }

    /** @return the folder of submission {@code number} */
    public Path submission(int number) {
        return root.resolve("submission-" + number);
    }

    /** @return a job's script in submission {@code number} */
    public Path script(int number, JobRole role) {
        return submission(number).resolve(role.label() + ".sbatch");
    }

    /** @return an array's cell list in submission {@code number} */
    public Path cellList(int number, JobRole role) {
        return submission(number).resolve(role.label() + ".cells");
    }

    /** @return a job's log file pattern ({@code %A}, {@code %a}, {@code %j} as sbatch's {@code --output} reads them) */
    public Path logPattern(int number, JobRole role) {
        return submission(number).resolve("logs").resolve(role.label() + (role.isArray() ? "-%A_%a.log" : "-%j.log"));
    }
}
