package dev.repbench.runtime.study.cell;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.repbench.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each cell's state on disk, in {@code cells/ID/}: {@code done.json} once it completed, {@code failed.json} with
 * the error of its last failed attempt, {@code skipped.json} when its last run skipped it for a failed
 * dependency, and {@code lease} (see {@link Lease}) while a process runs it. State files are written atomically
 * and {@code done.json} wins over the others, so a crash between two writes never makes a done cell run again.
 * A done cell runs again only when it is stale ({@link #staleReason}): the data it read changed since, a cell it
 * depends on was redone after it, or (the report) another version of RepBench would make it.
 */
public final class CellLedger {
    static final String DONE = "done.json";
    static final String FAILED = "failed.json";
    static final String SKIPPED = "skipped.json";
    static final String LEASE = "lease";

    private final StudyLayout layout;

    /**
     * @param layout the study's output folder
     */
    public CellLedger(StudyLayout layout) {
        this.layout = layout;
    }

    /** A cell's state as {@code repbench status} shows it. */
    public enum State {
        /** Completed; never run again. */
        DONE,
        /** Claimed by a live process. */
        RUNNING,
        /** Its last attempt failed; the next run retries it. */
        FAILED,
        /** Not yet done (possibly skipped last time, or left by a killed process). */
        PENDING;

        /** @return the lower-case label */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A cell's state with what to show beside it.
     *
     * @param cellId  the cell
     * @param state   its state
     * @param seconds wall time of the completed or failed attempt, or of the running one so far; {@code null} if none
     * @param detail  one line: the result, the error, the holder or why it waits
     */
    public record Status(String cellId, State state, Double seconds, String detail) {
        /**
         * @return the state and why, on one line: {@code pending}, {@code skipped: dependency import/x failed},
         *         {@code failed: java.io.IOException: …}, {@code running: pid 12 on n1 since …}
         */
        public String summary() {
            if (detail == null || detail.isEmpty()) {
                return state.label();
            }
            // a pending cell's detail already says why it waits (skipped, a stale lease)
            return state == State.PENDING ? detail : state.label() + ": " + detail;
        }
    }

    /**
     * A completed cell.
     *
     * @param cell     its id
     * @param started  ISO-8601 start
     * @param finished ISO-8601 end
     * @param seconds  wall time
     * @param detail   what it produced, one line
     * @param pid      the process that ran it
     * @param host     where
     * @param definitionSha256 {@link Cell#definitionSha256()} of the cell as run
     * @param dataManifest the manifest hash of the data the cell read ({@link CellInputs}); {@code null} if none
     *                     (or written before RepBench recorded it)
     * @param dependencies each dependency's {@link #stamp} when the cell ran; {@code null} in older files
     * @param code     the version of the code that made its output ({@link CellInputs#code}); {@code null} where a
     *                 change of code does not redo the cell (or written before RepBench recorded it)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Done(String cell, String started, String finished, double seconds, String detail, long pid,
                       String host, String definitionSha256, String dataManifest, Map<String, String> dependencies,
                       String code) {
        public Done {
            dependencies = dependencies == null ? null : Collections.unmodifiableMap(new TreeMap<>(dependencies));
        }

        /** A completion that recorded neither its data nor its dependencies. */
        public Done(String cell, String started, String finished, double seconds, String detail, long pid, String host,
                    String definitionSha256) {
            this(cell, started, finished, seconds, detail, pid, host, definitionSha256, null, null, null);
        }
    }

    /**
     * A failed attempt.
     *
     * @param cell       its id
     * @param started    ISO-8601 start
     * @param finished   ISO-8601 end
     * @param seconds    wall time
     * @param error      the exception's class
     * @param message    its message
     * @param stackTrace its stack trace, one frame per line (causes included)
     * @param pid        the process that ran it
     * @param host       where
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failed(String cell, String started, String finished, double seconds, String error, String message,
                         List<String> stackTrace, long pid, String host) {
        public Failed {
            stackTrace = stackTrace == null ? List.of() : List.copyOf(stackTrace);
        }
    }

    /**
     * A cell a run did not attempt because a dependency failed.
     *
     * @param cell   its id
     * @param reason why
     * @param at     ISO-8601 time
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Skipped(String cell, String reason, String at) {
    }

    /** @return the cell's completion record, if it is done */
    public Optional<Done> done(String cellId) {
        return read(cellId, DONE, Done.class);
    }

    /** @return whether the cell is done */
    public boolean isDone(String cellId) {
        return Files.isRegularFile(file(cellId, DONE));
    }

    /** @return its last failed attempt, if the last attempt failed */
    public Optional<Failed> failed(String cellId) {
        return read(cellId, FAILED, Failed.class);
    }

    /** @return why the last run skipped it, if it did */
    public Optional<Skipped> skipped(String cellId) {
        return read(cellId, SKIPPED, Skipped.class);
    }

    /** Records completion, then clears older failure and skip records. */
    public void markDone(Done done) throws IOException {
        AtomicFiles.writeJson(file(done.cell(), DONE), done);
        Files.deleteIfExists(file(done.cell(), FAILED));
        Files.deleteIfExists(file(done.cell(), SKIPPED));
    }

    /** Records a failed attempt. */
    public void markFailed(Failed failed) throws IOException {
        AtomicFiles.writeJson(file(failed.cell(), FAILED), failed);
        Files.deleteIfExists(file(failed.cell(), SKIPPED));
    }

    /** Records that a run skipped the cell. */
    public void markSkipped(Skipped skipped) throws IOException {
        AtomicFiles.writeJson(file(skipped.cell(), SKIPPED), skipped);
    }

    /**
     * Claims a cell for this process.
     *
     * @return the lease, or empty if a live process holds it
     */
    public Optional<Lease> claim(String cellId) throws IOException {
        return Lease.tryAcquire(file(cellId, LEASE));
    }

    /**
     * What tells one completion of a cell from another, so a dependent can tell whether the cell was redone since it
     * ran: the end time, host and process of its {@code done.json}.
     *
     * @return the stamp, or empty if the cell is not done
     */
    public Optional<String> stamp(String cellId) {
        return done(cellId).map(d -> d.finished() + " " + d.host() + " " + d.pid());
    }

    /** @return each of {@code cell}'s dependencies with its current {@link #stamp} (absent ones left out) */
    public Map<String, String> dependencyStamps(Cell cell) {
        Map<String, String> stamps = new TreeMap<>();
        for (String d : cell.dependencies()) {
            stamp(d).ifPresent(s -> stamps.put(d, s));
        }
        return stamps;
    }

    /**
     * Why a done cell has to run again, if it does: the data it read has another manifest now, a dependency was
     * completed again after it ran (its outputs are newer than what the cell read), or its output would be made by
     * another version of the code now. Files written before RepBench recorded these are taken as current.
     *
     * @param cell        the cell
     * @param currentData the manifest hash of its data now ({@link CellInputs#dataManifest}), or empty
     * @param currentCode the version of the code that would make it now ({@link CellInputs#code}), or empty
     * @return the reason, one line; empty if the cell is not done or is current
     */
    public Optional<String> staleReason(Cell cell, Optional<String> currentData, Optional<String> currentCode) {
        Optional<Done> done = done(cell.id());
        if (done.isEmpty()) {
            return Optional.empty();
        }
        String recorded = done.get().dataManifest();
        if (recorded != null && currentData.isPresent() && !recorded.equals(currentData.get())) {
            return Optional.of("its data changed since it was done (manifest " + shortHash(recorded) + " → "
                    + shortHash(currentData.get()) + ")");
        }
        String made = done.get().code();
        if (made != null && currentCode.isPresent() && !made.equals(currentCode.get())) {
            return Optional.of("another version of RepBench made it (code " + shortHash(made) + " → "
                    + shortHash(currentCode.get()) + ")");
        }
        Map<String, String> then = done.get().dependencies();
        if (then != null) {
            for (String d : cell.dependencies()) {
                Optional<String> now = stamp(d);
                if (now.isPresent() && !now.get().equals(then.get(d))) {
                    return Optional.of("its dependency " + d + " was redone since it was done");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Makes a stale done cell pending again, so it runs; its outputs stay until it replaces them. A crash after this
     * leaves it pending, which is what it is.
     */
    public void reopen(String cellId) throws IOException {
        Files.deleteIfExists(file(cellId, DONE));
    }

    private static String shortHash(String hash) {
        return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }

    /**
     * @return whether the cell is done from another definition than {@code cell}'s: the spec changed under it
     */
    public boolean doneDifferently(Cell cell) {
        return done(cell.id()).map(d -> d.definitionSha256() != null && !d.definitionSha256().equals(cell.definitionSha256()))
                .orElse(false);
    }

    /** The note shown for a cell that was done from another definition. */
    public static final String CHANGED = "the spec changed since this cell was done; it is not redone — rerun with"
            + " --redo-changed to redo it and what depends on it (or give the changed spec a new output folder)";

    /** @return what a run says of a cell {@link #redoChanged} made pending */
    public static String redoNote(Cell cell) {
        return "the spec changed since it was done; it runs again" + (cell.ownFolder().isPresent()
                ? ", its outputs removed" : "");
    }

    /** @return the ids of the cells among {@code cells} done from another definition ({@link #doneDifferently}) */
    public List<String> changed(List<Cell> cells) {
        return cells.stream().filter(this::doneDifferently).map(Cell::id).toList();
    }

    /**
     * Redoes the cells among {@code cells} that were done from another definition ({@link #doneDifferently}): each
     * one's own outputs ({@link Cell#ownFolder()}: an encoder folder with its checkpoints, a CKA matrix, the report)
     * are removed and the cell is made pending, so the next run does it as the spec now says. What depends on it is
     * not touched here: it goes stale when the cell is done again ({@link #staleReason}) and runs then. An
     * evaluation's record stays in the shared records folder, where the study's report no longer reads it unless
     * the evaluation, run again, makes the same one.
     *
     * @param cells the cells to look at, in any order
     * @return the cells made pending, in the order given
     * @throws IOException           if an output cannot be removed or a state file written
     * @throws IllegalStateException if another process holds one of them
     */
    public List<Cell> redoChanged(List<Cell> cells) throws IOException {
        List<Cell> redone = new ArrayList<>();
        for (Cell cell : cells) {
            if (!doneDifferently(cell)) {
                continue;
            }
            Optional<Lease> lease = claim(cell.id());
            if (lease.isEmpty()) {
                throw new IllegalStateException("cell " + cell.id() + " is held by another process ("
                        + status(cell.id()).detail() + "); redo it once that process has ended");
            }
            try (Lease held = lease.get()) {
                // outputs first: a crash between the two steps leaves the cell done from the old definition, which
                // the next --redo-changed redoes; pending beside the old outputs, a pretraining would refuse its folder
                if (cell.ownFolder().isPresent()) {
                    AtomicFiles.removeTree(cell.ownFolder().get());
                }
                reopen(cell.id());
            }
            redone.add(cell);
        }
        return redone;
    }

    /** As {@link #status(String)}, noting a done cell whose definition changed since. */
    public Status status(Cell cell) {
        Status status = status(cell.id());
        return doneDifferently(cell) ? new Status(status.cellId(), status.state(), status.seconds(), CHANGED
                + (status.detail().isEmpty() ? "" : " (" + status.detail() + ")")) : status;
    }

    /**
     * The one way cells not done are named to a user (a partial report, a cell that cannot run yet).
     *
     * @param cellIds cells
     * @return each with its {@link Status#summary()}, e.g. {@code eval/x/t/seed-0 (skipped: dependency import/x
     *         failed), cka/y (pending)}
     */
    public String describe(List<String> cellIds) {
        return String.join(", ", cellIds.stream().map(id -> id + " (" + status(id).summary() + ")").toList());
    }

    /** @return the cell's state for status: done, else running (a live lease), else failed, else pending */
    public Status status(String cellId) {
        Optional<Done> done = done(cellId);
        if (done.isPresent()) {
            return new Status(cellId, State.DONE, done.get().seconds(), done.get().detail());
        }
        Optional<Lease.Inspection> lease = Lease.inspect(file(cellId, LEASE));
        if (lease.isPresent() && lease.get().alive()) {
            Lease.Holder h = lease.get().holder();
            Double seconds = null;
            try {
                seconds = (System.currentTimeMillis() - Instant.parse(h.since()).toEpochMilli()) / 1000.0;
            } catch (RuntimeException ignored) {
                // an unparsable time shows no duration
            }
            return new Status(cellId, State.RUNNING, seconds, "pid " + h.pid() + " on " + h.host() + " since " + h.since());
        }
        Optional<Failed> failed = failed(cellId);
        if (failed.isPresent()) {
            return new Status(cellId, State.FAILED, failed.get().seconds(), failed.get().error() + ": "
                    + String.valueOf(failed.get().message()).strip().replaceAll("\\s*\\R\\s*", " "));
        }
        Optional<Skipped> skipped = skipped(cellId);
        if (skipped.isPresent()) {
            return new Status(cellId, State.PENDING, null, "skipped: " + skipped.get().reason());
        }
        if (lease.isPresent()) {
            Lease.Holder h = lease.get().holder();
            return new Status(cellId, State.PENDING, null, "stale lease of pid " + h.pid() + " on " + h.host()
                    + " since " + h.since() + ": the process ended without finishing; the next run redoes the cell");
        }
        return new Status(cellId, State.PENDING, null, "");
    }

    private Path file(String cellId, String name) {
        return layout.cellState(cellId).resolve(name);
    }

    private <T> Optional<T> read(String cellId, String name, Class<T> type) {
        Path path = file(cellId, name);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AtomicFiles.JSON.readValue(path.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cell state " + path + ": " + e.getMessage()
                    + " — delete it to make the cell run again", e);
        }
    }
}
