package dev.repbench.runtime.data;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether end tasks' data are in place under a data root: each task is opened (which lists its files and checks
 * their layout; no pixel is read) and reports its split sizes, or the first line of what is missing.
 */
public final class TaskReadiness {
    private TaskReadiness() {
    }

    /**
     * One task's state.
     *
     * @param task   the task's name
     * @param ready  whether its data opened
     * @param train  TRAIN samples, or -1 when not ready
     * @param test   TEST samples, or -1 when not ready
     * @param detail what is missing (the first line of the task's message), empty when ready
     */
    public record Status(String task, boolean ready, int train, int test, String detail) {
    }

    /** @return each task's state, in the order given */
    public static List<Status> check(List<EndTask> tasks, Path dataRoot) {
        return tasks.stream().map(task -> check(task, dataRoot)).toList();
    }

    private static Status check(EndTask task, Path dataRoot) {
        try (TaskDataset data = task.open(TaskContext.of(dataRoot, 0))) {
            return new Status(task.name(), true, data.split(Split.TRAIN).size(), data.split(Split.TEST).size(), "");
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return new Status(task.name(), false, -1, -1, message);
        }
    }
}
