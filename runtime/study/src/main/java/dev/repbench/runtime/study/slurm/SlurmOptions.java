package dev.repbench.runtime.study.slurm;

import java.util.List;

/**
 * The resources and sbatch choices of a submission. Null fields are left to the cluster's defaults.
 *
 * @param partition   {@code --partition}
 * @param account     {@code --account}
 * @param time        {@code --time} of every job, as sbatch reads it (e.g. {@code 4:00:00}, {@code 2-00:00:00})
 * @param gpusPerTask {@code --gpus-per-task} of the encoder and evaluation arrays (the report needs none)
 * @param cpusPerTask {@code --cpus-per-task}: the threads each task computes with
 * @param mem         {@code --mem} of every job (e.g. {@code 32G})
 * @param maxParallel the arrays' {@code %K}: at most this many tasks of an array at once
 * @param sbatchArgs  further sbatch options for every job, each written as an {@code #SBATCH} line
 * @param requeue     {@code --requeue}: Slurm reruns a task killed by a node failure or preemption
 */
public record SlurmOptions(String partition, String account, String time, Integer gpusPerTask, int cpusPerTask,
                           String mem, Integer maxParallel, List<String> sbatchArgs, boolean requeue) {
    public SlurmOptions {
        sbatchArgs = List.copyOf(sbatchArgs);
        if (cpusPerTask < 1) {
            throw new SlurmException("--cpus-per-task must be 1 or more, got " + cpusPerTask);
        }
        if (gpusPerTask != null && gpusPerTask < 1) {
            throw new SlurmException("--gpus-per-task must be 1 or more, got " + gpusPerTask
                    + " (leave it out for CPU-only tasks)");
        }
        if (maxParallel != null && maxParallel < 1) {
            throw new SlurmException("--max-parallel must be 1 or more, got " + maxParallel);
        }
        for (String arg : sbatchArgs) {
            if (!arg.startsWith("-") || arg.contains("\n")) {
                throw new SlurmException("--sbatch-arg '" + arg.strip() + "' is not an sbatch option: give one option per"
                        + " --sbatch-arg, with '=' between the two, e.g. --sbatch-arg=--qos=high");
            }
        }
        for (String[] field : new String[][] {{"--partition", partition}, {"--account", account}, {"--time", time},
                {"--mem", mem}}) {
            if (field[1] != null && (field[1].isBlank() || field[1].chars().anyMatch(Character::isWhitespace))) {
                throw new SlurmException(field[0] + " '" + field[1] + "' is empty or contains whitespace — give the value"
                        + " sbatch expects, e.g. " + field[0] + "=" + example(field[0]));
            }
        }
    }

    private static String example(String option) {
        return switch (option) {
            case "--time" -> "4:00:00";
            case "--mem" -> "32G";
            default -> "NAME";
        };
    }

    /** CPU-only defaults: one CPU per task, nothing else asked for. */
    public static SlurmOptions defaults() {
        return new SlurmOptions(null, null, null, null, 1, null, null, List.of(), false);
    }
}
