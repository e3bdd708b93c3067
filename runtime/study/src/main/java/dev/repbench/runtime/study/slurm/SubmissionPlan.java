package dev.repbench.runtime.study.slurm;

import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellInputs;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A study's cells that are not done, grouped into array tasks: each encoder cell is a task of the encoder array
 * (each one GPU job); in the evaluation array, one task runs every seed of one (encoder, task) pair, so its seeds share
 * the features extracted for the first, and one CKA cell is a task of its own. Arrays longer than the cluster's
 * {@code MaxArraySize} put consecutive groups into one task. Done cells are left out, so a resubmission runs only
 * what is missing, or stale ({@link CellLedger#staleReason}).
 *
 * @param encoderTasks the encoder array's tasks, each a list of cell ids; empty if every encoder cell is done
 * @param evalTasks    the evaluation array's tasks
 * @param report       whether the report is to be built
 */
public record SubmissionPlan(List<List<String>> encoderTasks, List<List<String>> evalTasks, boolean report) {
    /** Slurm's default {@code MaxArraySize}: array indices run from 0 to 1000. */
    public static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

    public SubmissionPlan {
        encoderTasks = encoderTasks.stream().map(List::copyOf).toList();
        evalTasks = evalTasks.stream().map(List::copyOf).toList();
    }

    /**
     * @param plan         the study's cells
     * @param ledger       their states
     * @param inputs       the data version each cell reads: a done cell on other data, or one whose dependency runs
     *                     again, is submitted again
     * @param maxArraySize the cluster's {@code MaxArraySize}: at most this many tasks per array
     * @return the pending cells, grouped
     */
    public static SubmissionPlan of(CellPlan plan, CellLedger ledger, CellInputs inputs, int maxArraySize) {
        return of(plan, ledger, inputs, maxArraySize, Set.of());
    }

    /**
     * As {@link #of(CellPlan, CellLedger, CellInputs, int)}, with done cells that are to be redone ({@code
     * submit --redo-changed}) submitted again, and what depends on them.
     *
     * @param redo ids of done cells to submit as if pending
     */
    public static SubmissionPlan of(CellPlan plan, CellLedger ledger, CellInputs inputs, int maxArraySize, Set<String> redo) {
        List<List<String>> encoders = new ArrayList<>();
        Map<String, List<String>> evalGroups = new LinkedHashMap<>();
        boolean report = false;
        Set<String> submitted = new HashSet<>();
        for (Cell cell : plan.cells()) { // in dependency order, so a cell's dependencies are decided before it
            boolean current = ledger.isDone(cell.id()) && !redo.contains(cell.id())
                    && ledger.staleReason(cell, dataManifest(inputs, cell), inputs.code(cell)).isEmpty()
                    && cell.dependencies().stream().noneMatch(submitted::contains);
            if (current) {
                continue;
            }
            submitted.add(cell.id());
            switch (cell) {
                case Cell.Pretrain c -> encoders.add(List.of(c.id()));
                case Cell.Export c -> encoders.add(List.of(c.id()));
                case Cell.Import c -> encoders.add(List.of(c.id()));
                // a NUL cannot occur in names, so the key never joins two different pairs
                case Cell.Eval c -> evalGroups.computeIfAbsent(c.encoder() + "\0" + c.task(), k -> new ArrayList<>()).add(c.id());
                case Cell.Cka c -> evalGroups.put(c.id(), List.of(c.id()));
                case Cell.Report c -> report = true;
            }
        }
        return new SubmissionPlan(pack(encoders, maxArraySize), pack(new ArrayList<>(evalGroups.values()), maxArraySize),
                report);
    }

    /** As the runner decides: data that cannot be read now (a mount gone) does not undo what was computed on it. */
    private static Optional<String> dataManifest(CellInputs inputs, Cell cell) {
        try {
            return inputs.dataManifest(cell);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Joins consecutive groups so that there are at most {@code maxTasks} tasks. */
    static List<List<String>> pack(List<List<String>> groups, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("an array needs room for at least one task, got " + maxTasks);
        }
        int perTask = (groups.size() + maxTasks - 1) / maxTasks;
        if (perTask <= 1) {
            return groups;
        }
        List<List<String>> tasks = new ArrayList<>();
        for (int i = 0; i < groups.size(); i += perTask) {
            List<String> task = new ArrayList<>();
            groups.subList(i, Math.min(groups.size(), i + perTask)).forEach(task::addAll);
            tasks.add(task);
        }
        return tasks;
    }

    /** @return the tasks of an array role */
    public List<List<String>> tasks(JobRole role) {
        return switch (role) {
            case ENCODERS -> encoderTasks;
            case EVALS -> evalTasks;
            case REPORT -> report ? List.of(List.of("report")) : List.of();
        };
    }

    /** @return whether there is nothing to submit */
    public boolean isEmpty() {
        return encoderTasks.isEmpty() && evalTasks.isEmpty() && !report;
    }

    /** @return how many cells it runs */
    public int cellCount() {
        return encoderTasks.stream().mapToInt(List::size).sum() + evalTasks.stream().mapToInt(List::size).sum()
                + (report ? 1 : 0);
    }
}
