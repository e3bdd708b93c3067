package dev.repbench.runtime.study.run;

import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.cell.Lease;
import dev.repbench.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a study's pending cells in dependency order. Each cell is claimed with a {@link Lease} (so processes sharing
 * the output folder never run one cell twice), run by its {@link CellExecutor}, and recorded done or failed. A
 * failure is recorded as JSON and does not stop the other cells; cells depending on a failed one are skipped with
 * that reason. Cells another process is running, and cells waiting on them, are left for that process. A done cell
 * runs again when it is stale: the data it read changed (its task's manifest), or a cell it depends on was redone
 * after it (so a report follows the evaluations it reports on).
 */
public final class StudyRunner {
    private final CellPlan plan;
    private final CellExecutors executors;
    private final RunManifest.Software software;
    private final CellLedger ledger;
    private final PrintWriter log;

    /**
     * What a run did.
     *
     * @param alreadyDone cells done before this run
     * @param completed   cells this run completed
     * @param failed      cells whose attempt failed in this run
     * @param skipped     cells skipped because a dependency failed
     * @param leftToOthers cells running in another process, or waiting on one
     */
    public record Summary(int alreadyDone, int completed, int failed, int skipped, int leftToOthers) {
        /** @return whether every cell is done */
        public boolean allDone() {
            return failed == 0 && skipped == 0 && leftToOthers == 0;
        }
    }

    /** A cell that cannot run yet because a dependency is not done ({@code repbench run --cell}). */
    public static final class NotReadyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotReadyException(String message) {
            super(message);
        }
    }

    /**
     * @param plan      the study's cells
     * @param executors how each kind of cell runs
     * @param software  what goes into the manifest
     * @param log       where progress lines go
     */
    public StudyRunner(CellPlan plan, CellExecutors executors, RunManifest.Software software, PrintWriter log) {
        this.plan = plan;
        this.executors = executors;
        this.software = software;
        this.ledger = new CellLedger(plan.layout());
        this.log = log;
    }

    /** @return the ledger of the study's cells */
    public CellLedger ledger() {
        return ledger;
    }

    /** @return the study's cells */
    CellPlan plan() {
        return plan;
    }

    /** @return where progress lines go */
    PrintWriter log() {
        return log;
    }

    /** Writes the run manifest (the spec, its hash, the software and the tasks' data versions). */
    void writeManifest() throws IOException {
        RunManifest.write(plan.spec(), software);
    }

    /**
     * Writes the manifest, then runs every cell not yet done.
     *
     * @return what happened
     * @throws IOException if the manifest or a cell's state cannot be written
     */
    public Summary runAll() throws IOException {
        writeManifest();
        return pass(null);
    }

    /**
     * Runs cells as one of several workers sharing the output folder ({@code run --parallel}, {@link
     * ParallelStudyRunner}): passes as {@link #runAll()} does, again and again while the other workers hold cells
     * this one waits for, until no cell is left or nothing is running anywhere. A cell that failed, or was skipped,
     * after {@code since} (the start of the parallel run) counts as failed in this run too: it is not tried again,
     * and its dependants are skipped. The manifest is the parallel run's to write.
     *
     * @param since when the parallel run began
     * @return what this worker did
     * @throws IOException if a cell's state cannot be written
     */
    public Summary runAsWorker(Instant since) throws IOException {
        int completed = 0;
        int failed = 0;
        int skipped = 0;
        int idlePasses = 0;
        while (true) {
            Summary pass = pass(since);
            completed += pass.completed();
            failed += pass.failed();
            skipped += pass.skipped();
            boolean moved = pass.completed() + pass.failed() + pass.skipped() > 0;
            boolean othersWorking = plan.cells().stream()
                    .anyMatch(c -> ledger.status(c.id()).state() == CellLedger.State.RUNNING);
            idlePasses = moved || othersWorking ? 0 : idlePasses + 1;
            // two idle passes in a row: a cell finished between a pass and the check is seen by the second
            if (pass.leftToOthers() == 0 || idlePasses >= 2) {
                return new Summary(pass.alreadyDone(), completed, failed, skipped, pass.leftToOthers());
            }
            try {
                Thread.sleep(moved ? 0 : WORKER_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the other workers", e);
            }
        }
    }

    /** How often a worker waiting on the others looks again. */
    private static final long WORKER_POLL_MILLIS = 300;

    /**
     * One pass over the cells in order. With {@code since} (a worker), cells failed or skipped since then count as
     * failed here, and cells held elsewhere are left without a line (the worker passes again).
     */
    private Summary pass(Instant since) throws IOException {
        int alreadyDone = 0;
        int completed = 0;
        int failed = 0;
        int skipped = 0;
        int leftToOthers = 0;
        Set<String> failedHere = new HashSet<>();   // failed or skipped in this run
        Set<String> notDone = new HashSet<>();      // running elsewhere, or waiting on such a cell
        List<Cell> cells = plan.cells();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            String tag = String.format(Locale.ROOT, "[%d/%d] %s", i + 1, cells.size(), cell.id());
            if (since != null && settledSince(cell.id(), since)) {
                failedHere.add(cell.id()); // another worker's failure or skip: counted there
                continue;
            }
            if (doneAndCurrent(cell, tag)) {
                if (since == null && ledger.doneDifferently(cell)) {
                    log.println(tag + " warning: " + CellLedger.CHANGED);
                }
                alreadyDone++;
                continue;
            }
            List<String> failedDeps = cell.dependencies().stream().filter(failedHere::contains).toList();
            if (!failedDeps.isEmpty()) {
                String reason = "dependency " + String.join(", ", failedDeps) + " failed";
                ledger.markSkipped(new CellLedger.Skipped(cell.id(), reason, Instant.now().toString()));
                log.println(tag + " skipped: " + reason);
                failedHere.add(cell.id());
                skipped++;
                continue;
            }
            if (cell.dependencies().stream().anyMatch(d -> notDone.contains(d) || !ledger.isDone(d))) {
                notDone.add(cell.id());
                leftToOthers++;
                continue;
            }
            switch (attempt(cell, tag, List.of())) {
                case COMPLETED -> completed++;
                case FAILED -> {
                    failed++;
                    failedHere.add(cell.id());
                }
                case ALREADY_DONE -> alreadyDone++;
                case HELD_ELSEWHERE -> {
                    if (since == null) {
                        log.println(tag + " is being run by another process");
                    }
                    notDone.add(cell.id());
                    leftToOthers++;
                }
            }
        }
        log.flush();
        return new Summary(alreadyDone, completed, failed, skipped, leftToOthers);
    }

    /**
     * Runs one cell, whose dependencies must be done, writing the manifest first unless the output folder already
     * has this spec's (a cell of a run or submission of the same spec: rewriting it would hash every input again).
     * A cell with a failed (or skipped) dependency is recorded as skipped, as {@link #runAll()} does. The report is
     * the exception: asked for alone, it is built from what is done (its executor names what is missing on the page)
     * and recorded as failed ({@link #PARTIAL_REPORT}) until every cell it reports on is done.
     *
     * @param cellId the cell's id
     * @return what happened
     * @throws IllegalArgumentException if the study has no such cell
     * @throws NotReadyException        if a dependency is not done (nor failed), or another process runs the cell
     */
    public Summary runOne(String cellId) throws IOException {
        Cell cell = plan.cell(cellId).orElseThrow(() -> new IllegalArgumentException("the study has no cell '" + cellId
                + "' — 'repbench run SPEC --list-cells' lists them"));
        List<String> missing = cell.dependencies().stream().filter(d -> !ledger.isDone(d)).toList();
        if (!missing.isEmpty() && !(cell instanceof Cell.Report)) {
            List<String> failedDeps = missing.stream().filter(this::failedOrSkipped).toList();
            if (!failedDeps.isEmpty()) {
                String reason = "dependency " + String.join(", ", failedDeps) + " failed";
                ledger.markSkipped(new CellLedger.Skipped(cellId, reason, Instant.now().toString()));
                log.println(cellId + " skipped: " + reason);
                log.flush();
                return new Summary(0, 0, 0, 1, 0);
            }
            throw new NotReadyException("cell " + cellId + " needs " + ledger.describe(missing)
                    + " done first — run them with --cell, or run the whole spec");
        }
        if (!RunManifest.recordsSpec(plan.spec())) {
            RunManifest.write(plan.spec(), software);
        }
        if (doneAndCurrent(cell, cellId)) {
            log.println(cellId + " is already done");
            log.flush();
            return new Summary(1, 0, 0, 0, 0);
        }
        Outcome outcome = attempt(cell, cellId, missing);
        log.flush();
        return switch (outcome) {
            case COMPLETED -> new Summary(0, 1, 0, 0, 0);
            case FAILED -> new Summary(0, 0, 1, 0, 0);
            case ALREADY_DONE -> new Summary(1, 0, 0, 0, 0);
            case HELD_ELSEWHERE -> throw new NotReadyException("cell " + cellId + " is being run by another process ("
                    + ledger.status(cellId).detail() + ")");
        };
    }

    /**
     * Whether a cell is done and current. A done cell that is stale (its data changed, a dependency was redone since,
     * or the report's code changed: {@link CellLedger#staleReason}) is made pending again, with a line saying why,
     * and runs.
     */
    boolean doneAndCurrent(Cell cell, String tag) throws IOException {
        if (!ledger.isDone(cell.id())) {
            return false;
        }
        Optional<String> data;
        try {
            data = executors.inputs().dataManifest(cell);
        } catch (RuntimeException e) {
            // data that cannot be read now (a mount gone) does not undo what was computed on it
            log.println(tag + " warning: cannot check the version of its data, so it stays done: " + e.getMessage());
            return true;
        }
        Optional<String> stale = ledger.staleReason(cell, data, executors.inputs().code(cell));
        if (stale.isEmpty()) {
            return true;
        }
        log.println(tag + " runs again: " + stale.get());
        ledger.reopen(cell.id());
        return false;
    }

    /** @return whether the cell failed, or was skipped, at {@code since} or later */
    private boolean settledSince(String cellId, Instant since) {
        Optional<String> at = ledger.failed(cellId).map(CellLedger.Failed::finished)
                .or(() -> ledger.skipped(cellId).map(CellLedger.Skipped::at));
        return at.isPresent() && !Instant.parse(at.get()).isBefore(since)
                && ledger.status(cellId).state() != CellLedger.State.DONE;
    }

    /** @return whether the cell's last attempt failed, or its last run skipped it, and no process runs it now */
    private boolean failedOrSkipped(String cellId) {
        CellLedger.Status status = ledger.status(cellId);
        return status.state() == CellLedger.State.FAILED
                || status.state() == CellLedger.State.PENDING && ledger.skipped(cellId).isPresent();
    }

    private enum Outcome { COMPLETED, FAILED, ALREADY_DONE, HELD_ELSEWHERE }

    /** The error recorded for a report built while some of the cells it reports on were not done. */
    public static final String PARTIAL_REPORT = "partial report";

    /**
     * Claims and runs a cell. With {@code missing} dependencies (only the report runs so), a successful execution is
     * recorded as failed, {@link #PARTIAL_REPORT}, so that a later run builds it whole.
     */
    private Outcome attempt(Cell cell, String tag, List<String> missing) throws IOException {
        Optional<Lease> claimed = ledger.claim(cell.id());
        if (claimed.isEmpty()) {
            return Outcome.HELD_ELSEWHERE;
        }
        try (Lease ignored = claimed.get()) {
            if (ledger.isDone(cell.id())) {
                return Outcome.ALREADY_DONE; // another process finished it between our check and our claim
            }
            log.println(tag + " …");
            log.flush();
            clearAbandonedWrites(cell, tag);
            // what the cell reads is as its dependencies are now; a later redo of one makes this cell stale
            Map<String, String> dependencyStamps = ledger.dependencyStamps(cell);
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            ProcessHandle self = ProcessHandle.current();
            String host = Lease.localHost();
            try {
                String detail = executors.execute(cell);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (!missing.isEmpty()) {
                    String message = String.format(Locale.ROOT, "%s, without %d of the %d cells it reports on, which are"
                            + " not done: %s — rerun or resubmit the study when they are", detail, missing.size(),
                            cell.dependencies().size(), String.join(", ", missing));
                    ledger.markFailed(new CellLedger.Failed(cell.id(), started.toString(), Instant.now().toString(),
                            seconds, PARTIAL_REPORT, message, List.of(), self.pid(), host));
                    log.println(String.format(Locale.ROOT, "%s partial in %.1f s: %s", tag, seconds, message));
                    return Outcome.FAILED;
                }
                ledger.markDone(new CellLedger.Done(cell.id(), started.toString(), Instant.now().toString(), seconds,
                        detail == null ? "" : detail, self.pid(), host, cell.definitionSha256(),
                        executors.inputs().dataManifest(cell).orElse(null), dependencyStamps,
                        executors.inputs().code(cell).orElse(null)));
                log.println(String.format(Locale.ROOT, "%s done in %.1f s%s", tag, seconds,
                        detail == null || detail.isEmpty() ? "" : ": " + detail));
                return Outcome.COMPLETED;
            } catch (Exception | LinkageError | AssertionError e) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                ledger.markFailed(new CellLedger.Failed(cell.id(), started.toString(), Instant.now().toString(), seconds,
                        e.getClass().getName(), e.getMessage(), stackTrace(e), self.pid(), host));
                log.println(tag + " FAILED: " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                        : ": " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ")));
                return Outcome.FAILED;
            } finally {
                log.flush();
            }
        }
    }

    /**
     * Deletes the temporary files ({@code .NAME.….partial}) that an earlier, killed attempt at this cell left in the
     * folder only it writes: an interrupted checkpoint or ONNX write would otherwise stay there for good, hidden and
     * as large as the file it was to become. Called with the cell's lease held; never fails the cell.
     */
    private void clearAbandonedWrites(Cell cell, String tag) {
        Path folder = cell.ownFolder().orElse(null);
        if (folder == null) {
            return;
        }
        long files = 0;
        long bytes = 0;
        try {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> all = Files.walk(folder)) {
                    for (Path file : all.filter(Files::isRegularFile).filter(AtomicFiles::isTemporary).toList()) {
                        long size = Files.size(file);
                        if (Files.deleteIfExists(file)) {
                            files++;
                            bytes += size;
                        }
                    }
                }
            }
            if (cell instanceof Cell.Report report && report.out().getParent() != null
                    && Files.isDirectory(report.out().getParent())) {
                // the report is built in a hidden sibling folder and renamed into place (ReportBuilder)
                String building = "." + report.out().getFileName() + ".building-";
                try (Stream<Path> siblings = Files.list(report.out().getParent())) {
                    for (Path aside : siblings.filter(p -> p.getFileName().toString().startsWith(building)).toList()) {
                        try (Stream<Path> inside = Files.walk(aside)) {
                            for (Path p : inside.sorted(Comparator.reverseOrder()).toList()) {
                                if (Files.isRegularFile(p)) {
                                    files++;
                                    bytes += Files.size(p);
                                }
                                Files.deleteIfExists(p);
                            }
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.println(tag + " warning: cannot clear what an interrupted attempt left in " + folder + ": " + e.getMessage());
        }
        if (files > 0) {
            log.println(String.format(Locale.ROOT, "%s removed %d half-written file(s) (%.1f MB) an interrupted attempt"
                    + " left in %s", tag, files, bytes / 1e6, folder));
        }
    }

    private static List<String> stackTrace(Throwable e) {
        List<String> lines = new ArrayList<>();
        for (Throwable t = e; t != null && lines.size() < 200; t = t.getCause()) {
            if (t != e) {
                lines.add("Caused by: " + t);
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                lines.add("  at " + frame);
            }
        }
        return lines;
    }
}
