/**
 * A study on a Slurm cluster: {@link dev.repbench.runtime.study.slurm.SlurmSubmitter} groups a study's pending cells
 * into array tasks ({@link dev.repbench.runtime.study.slurm.SubmissionPlan}), writes their sbatch scripts
 * ({@link dev.repbench.runtime.study.slurm.SbatchScripts}) and cell lists into the output folder, submits them with
 * {@code afterany} dependencies and records the jobs ({@link dev.repbench.runtime.study.slurm.SubmissionLog});
 * {@link dev.repbench.runtime.study.slurm.SlurmStatus} tells {@code repbench status} each cell's job, Slurm state and
 * log. Each array task runs its cells with {@code repbench run SPEC --cell ID}, so leases, atomic writes and the
 * cell ledger work as they do for any process sharing the output folder. The Slurm commands are run through
 * {@link dev.repbench.runtime.study.slurm.SlurmClient}.
 */
package dev.repbench.runtime.study.slurm;
