package dev.repbench.runtime.study.run;

import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a study's pending cells several at a time on one machine ({@code repbench run SPEC --parallel N}): N worker
 * processes share the output folder, each taking the next cell it can claim ({@link StudyRunner#runAsWorker}), with
 * the same claims, records and failure handling as a sequential run or a Slurm task.
 *
 * <p>Why processes: libtorch's intra-op thread count is one setting per process, and a small network's step does
 * not keep many threads busy (on the 2-core machines a second thread made the battery's heads 1.2-1.3x faster),
 * so N one-thread workers use a machine better than one N-thread run. Why long-lived workers rather than a process
 * per cell: a fresh JVM runs the image-level heads' many small steps at half speed until its JIT has warmed up.
 *
 * <p>A failed cell's dependants are skipped, as in a sequential run, and it is not tried again in this run; a worker
 * that dies mid-cell leaves that cell to the next run (its lease drops with it). Cells another process holds, and
 * the cells waiting on them, are left to it.
 */
public final class ParallelStudyRunner {
    /** Starts one worker process. */
    @FunctionalInterface
    public interface WorkerLauncher {
        /**
         * @param worker the worker's number, 1 to N
         * @param since  when the parallel run began ({@link StudyRunner#runAsWorker})
         * @return the process's exit code, once it has ended
         * @throws IOException if the process cannot be started
         */
        CompletableFuture<Integer> launch(int worker, Instant since) throws IOException;
    }

    private final StudyRunner runner;
    private final WorkerLauncher launcher;
    private final int parallel;

    /**
     * @param runner   the study's runner: its plan, ledger and log
     * @param launcher starts a worker
     * @param parallel workers, at least 1
     */
    public ParallelStudyRunner(StudyRunner runner, WorkerLauncher launcher, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.runner = runner;
        this.launcher = launcher;
        this.parallel = parallel;
    }

    /**
     * Writes the manifest, starts the workers and waits for them.
     *
     * @return what happened, counted from the ledger as {@link StudyRunner#runAll()} counts it
     * @throws IOException if the manifest or a cell's state cannot be written, or a worker cannot be started
     */
    public StudyRunner.Summary runAll() throws IOException {
        runner.writeManifest();
        CellLedger ledger = runner.ledger();
        PrintWriter log = runner.log();
        List<Cell> cells = runner.plan().cells();
        Set<String> doneBefore = new HashSet<>();
        for (Cell cell : cells) {
            if (runner.doneAndCurrent(cell, cell.id())) { // makes stale cells pending again, with a line saying why
                if (ledger.doneDifferently(cell)) {
                    log.println(cell.id() + " warning: " + CellLedger.CHANGED);
                }
                doneBefore.add(cell.id());
            }
        }
        log.flush();
        Instant since = Instant.now();
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        if (doneBefore.size() < cells.size()) {
            for (int w = 1; w <= parallel; w++) {
                workers.add(launcher.launch(w, since));
            }
        }
        for (int w = 0; w < workers.size(); w++) {
            String exit;
            try {
                int code = workers.get(w).join();
                exit = code == 0 ? null : "exit code " + code;
            } catch (RuntimeException e) {
                exit = "an error (" + e.getMessage() + ")";
            }
            if (exit != null) {
                log.println("worker " + (w + 1) + " ended with " + exit);
            }
        }
        int completed = 0;
        int failed = 0;
        int skipped = 0;
        int left = 0;
        for (Cell cell : cells) {
            if (doneBefore.contains(cell.id())) {
                continue;
            }
            CellLedger.State state = ledger.status(cell.id()).state();
            if (state == CellLedger.State.DONE) {
                completed++;
            } else if (state == CellLedger.State.FAILED) {
                failed++;
            } else if (state == CellLedger.State.PENDING && ledger.skipped(cell.id())
                    .filter(s -> !Instant.parse(s.at()).isBefore(since)).isPresent()) {
                skipped++;
            } else {
                left++;
            }
        }
        log.flush();
        return new StudyRunner.Summary(doneBefore.size(), completed, failed, skipped, left);
    }
}
