package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manifest hash of each task's data, read once per run: a study's thirty encoders ask for one task's manifest
 * thirty times, and a task on a folder of images stats every file to compute it. A result stands for the data it
 * was computed on, so whoever skips a cell because its record exists first compares the record's manifest with
 * this one. One instance per run (a process that runs for days may see its data replaced, and should notice on
 * its next run, not never).
 */
public final class TaskManifests {
    private record Key(String task, Path dataRoot, long seed) {
    }

    private final Map<Key, String> known = new ConcurrentHashMap<>();

    /**
     * @param task     the task
     * @param dataRoot the data root it is opened under
     * @param seed     the run's seed (a task may draw its splits from it)
     * @return the manifest hash of the task's data, opening the task the first time it is asked for
     * @throws dev.repbench.api.task.TaskDataException if the task's data is missing or malformed
     */
    public String of(EndTask task, Path dataRoot, long seed) {
        return known.computeIfAbsent(key(task, dataRoot, seed), k -> {
            try (TaskDataset data = task.open(TaskContext.of(dataRoot, seed))) {
                return data.manifestHash();
            }
        });
    }

    /**
     * As {@link #of(EndTask, Path, long)} for a task already opened: its manifest is read from {@code data} unless
     * known.
     */
    String of(EndTask task, Path dataRoot, long seed, TaskDataset data) {
        Objects.requireNonNull(data, "data");
        return known.computeIfAbsent(key(task, dataRoot, seed), k -> data.manifestHash());
    }

    private static Key key(EndTask task, Path dataRoot, long seed) {
        return new Key(task.name(), dataRoot.toAbsolutePath().normalize(), seed);
    }
}
