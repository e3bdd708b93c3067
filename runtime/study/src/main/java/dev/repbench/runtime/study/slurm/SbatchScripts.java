package dev.repbench.runtime.study.slurm;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the sbatch scripts of a submission: plain bash a Slurm user can read, change and submit by hand. An array
 * task reads its line of the cell list ({@code SLURM_ARRAY_TASK_ID} + 1) and runs each cell in its own
 * {@code repbench run SPEC --cell ID}, with the threads Slurm gave it ({@code SLURM_CPUS_PER_TASK}); a cell that fails,
 * or whose encoder failed (recorded as skipped) or is not done, does not stop the task's other cells, and the task
 * exits 1 if any of its cells is not done. The report job builds the report, or a partial one naming what is
 * missing.
 */
public final class SbatchScripts {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=%+@,-]+");

    private final String study;
    private final Path spec;
    private final SlurmOptions options;
    private final JobInvocation invocation;

    /**
     * @param study      the study's name
     * @param spec       the spec file, absolute
     * @param options    resources and sbatch choices
     * @param invocation how jobs start RepBench
     */
    public SbatchScripts(String study, Path spec, SlurmOptions options, JobInvocation invocation) {
        this.study = study;
        this.spec = spec.toAbsolutePath().normalize();
        this.options = options;
        this.invocation = invocation;
    }

    /**
     * @param role       which job
     * @param number     the submission's number
     * @param layout     where its files go
     * @param arrayTasks how many tasks the array has (ignored for the report)
     * @return the script's text
     */
    public String script(JobRole role, int number, SlurmLayout layout, int arrayTasks) {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("# RepBench study '" + study + "', submission " + number + ": " + role.description()
                + (role.isArray() ? ", one array task per line of " + layout.cellList(number, role).getFileName() : "") + ".");
        lines.add("# Written by 'repbench submit --slurm', which submitted it with 'sbatch --parsable"
                + (role == JobRole.ENCODERS ? "" : " --dependency=afterany:<the previous job>") + "'.");
        lines.add("#SBATCH --job-name=repbench-" + study + "-" + role.label());
        if (role.isArray()) {
            lines.add("#SBATCH --array=0-" + (arrayTasks - 1) + (options.maxParallel() == null ? "" : "%" + options.maxParallel()));
        }
        lines.add("#SBATCH --ntasks=1");
        lines.add("#SBATCH --cpus-per-task=" + (role.isArray() ? options.cpusPerTask() : 1));
        if (role.isArray() && options.gpusPerTask() != null) {
            lines.add("#SBATCH --gpus-per-task=" + options.gpusPerTask());
        }
        addIfSet(lines, "--partition", options.partition());
        addIfSet(lines, "--account", options.account());
        addIfSet(lines, "--time", options.time());
        addIfSet(lines, "--mem", options.mem());
        if (options.requeue()) {
            lines.add("#SBATCH --requeue");
        }
        lines.add("#SBATCH --output=" + layout.logPattern(number, role));
        lines.add("#SBATCH --open-mode=append");
        options.sbatchArgs().forEach(arg -> lines.add("#SBATCH " + arg));
        lines.add("set -u");
        lines.add("");
        lines.add("# RepBench as it was submitted: the same Java, Java options and class path.");
        lines.add("JAVA=" + quote(invocation.java().toString()));
        lines.add("JAVA_OPTIONS=(" + invocation.javaOptions().stream().map(SbatchScripts::quote)
                .collect(Collectors.joining(" ")) + ")");
        lines.add("CLASS_PATH=" + quote(invocation.classPath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator))));
        lines.add("SPEC=" + quote(spec.toString()));
        if (role.isArray()) {
            lines.add("CELLS=" + quote(layout.cellList(number, role).toString()) + "    # line N + 1: the cells of array task N");
        }
        lines.add("");
        lines.add("repbench() {");
        lines.add("  \"$JAVA\" \"${JAVA_OPTIONS[@]}\" -cp \"$CLASS_PATH\" " + invocation.mainClass() + " \"$@\"");
        lines.add("}");
        lines.add("");
        lines.add("threads=${SLURM_CPUS_PER_TASK:-1}");
        if (role.isArray()) {
            lines.add("read -r -a cells <<< \"$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$CELLS\")\"");
            lines.add("echo \"repbench: array task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname -s),"
                    + " attempt $((${SLURM_RESTART_COUNT:-0} + 1)), $threads thread(s): ${cells[*]}\"");
            lines.add("# Each cell in its own run: one that fails, or whose encoder failed (then it is recorded as skipped)");
            lines.add("# or is not done, does not stop the others. Done cells are not run again.");
            lines.add("status=0");
            lines.add("for cell in \"${cells[@]}\"; do");
            lines.add("  repbench run \"$SPEC\" --cell \"$cell\" --threads \"$threads\" || status=1");
            lines.add("done");
            lines.add("exit $status");
        } else {
            lines.add("echo \"repbench: report job $SLURM_JOB_ID on $(hostname -s), attempt $((${SLURM_RESTART_COUNT:-0} + 1))\"");
            lines.add("# With every evaluation and CKA cell done, the report; otherwise a partial report naming the missing");
            lines.add("# cells (the report cell then stays pending, and the job exits 1).");
            lines.add("repbench run \"$SPEC\" --cell report --threads \"$threads\"");
        }
        return String.join("\n", lines) + "\n";
    }

    private static void addIfSet(List<String> lines, String option, String value) {
        if (value != null) {
            lines.add("#SBATCH " + option + "=" + value);
        }
    }

    /** @return {@code value} as one bash word: as it is when plain, else in single quotes */
    static String quote(String value) {
        return PLAIN.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    /** @return the cell list's text: one line per array task, its cell ids separated by spaces */
    public static String cellList(List<List<String>> tasks) {
        return tasks.stream().map(task -> String.join(" ", task)).collect(Collectors.joining("\n", "", "\n"));
    }
}
