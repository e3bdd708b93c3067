package dev.repbench.runtime.plugin;

import dev.repbench.api.EndTask;
import dev.repbench.tasks.battery.Battery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves that group names expand to the registry's tasks and that a plain name stays one task. */
class TaskGroupsTest {
    @TempDir
    Path plugins;

    private static List<String> names(List<EndTask> tasks) {
        return tasks.stream().map(EndTask::name).toList();
    }

    @Test
    void groupsExpandToTheBuiltInBatteryAndTheStudysAxes() {
        try (PluginRegistry registry = PluginRegistry.load(TaskGroupsTest.class.getClassLoader(), plugins)) {
            assertEquals(Battery.TASK_NAMES, names(TaskGroups.resolve("battery", registry).orElseThrow()));
            List<EndTask> pixelwise = TaskGroups.resolve("pixelwise", registry).orElseThrow();
            assertEquals(List.of("fmnist-seg", "fmnist-walkable", "fmnist-depth", "fmnist-flow"),
                    pixelwise.stream().filter(Battery::isMember).map(EndTask::name).toList());
            assertTrue(names(pixelwise).containsAll(List.of("cityscapes-seg", "nyu-depth", "kitti-flow")));
            List<EndTask> study = TaskGroups.resolve("study", registry).orElseThrow();
            assertEquals(21, study.size());
            assertTrue(study.stream().noneMatch(Battery::isMember));
            List<EndTask> imageLevel = TaskGroups.resolve("image-level", registry).orElseThrow();
            assertTrue(imageLevel.stream().noneMatch(t -> t.category().isPixelwise()));
            assertEquals(registry.tasks().size(), imageLevel.size() + pixelwise.size());
            assertEquals(List.of("fmnist-count"), names(TaskGroups.resolve("fmnist-count", registry).orElseThrow()));
            assertTrue(TaskGroups.resolve("no-such-task", registry).isEmpty());
        }
    }

    @Test
    void aListOfNamesExpandsInOrderWithEachTaskOnce() {
        try (PluginRegistry registry = PluginRegistry.load(TaskGroupsTest.class.getClassLoader(), plugins)) {
            List<String> chosen = names(TaskGroups.resolveAll(List.of("fmnist-count", " battery", "fmnist-count"), registry));
            List<String> expected = new java.util.ArrayList<>(List.of("fmnist-count"));
            Battery.TASK_NAMES.stream().filter(n -> !n.equals("fmnist-count")).forEach(expected::add);
            assertEquals(expected, chosen);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> TaskGroups.resolveAll(List.of("battery", "no-such-task"), registry));
            assertEquals("'no-such-task' is neither a task nor a group (groups: " + String.join(", ", TaskGroups.names())
                    + "); see 'repbench list tasks'", refused.getMessage());
        }
    }
}
