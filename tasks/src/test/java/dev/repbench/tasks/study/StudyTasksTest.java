package dev.repbench.tasks.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.EndTask;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The study's tasks are all registered, well described and cover the study's table. */
class StudyTasksTest {
    private static List<StudyTask> studyTasks() {
        return ServiceLoader.load(EndTask.class).stream().map(ServiceLoader.Provider::get)
                .filter(t -> t instanceof StudyTask).map(t -> (StudyTask) t).toList();
    }

    @Test
    void twentyTasksPlusImageNetV2AreRegisteredWithoutDescriptionProblems() {
        List<StudyTask> tasks = studyTasks();
        assertEquals(21, tasks.size());
        for (StudyTask task : tasks) {
            assertEquals(List.of(), EndTask.descriptionProblems(task), task.name());
        }
    }

    @Test
    void categoriesMatchTheStudysCounts() {
        var byCategory = studyTasks().stream().collect(Collectors.groupingBy(t -> t.category(), Collectors.counting()));
        // Table 1: 8 + ImageNet-v2 semantic image-level, 4 structural image-level, 3 semantic and 5 structural pixelwise
        assertEquals(9L, byCategory.get(dev.repbench.api.task.TaskCategory.SEMANTIC_IMAGE_LEVEL));
        assertEquals(4L, byCategory.get(dev.repbench.api.task.TaskCategory.STRUCTURAL_IMAGE_LEVEL));
        assertEquals(3L, byCategory.get(dev.repbench.api.task.TaskCategory.SEMANTIC_PIXELWISE));
        assertEquals(5L, byCategory.get(dev.repbench.api.task.TaskCategory.STRUCTURAL_PIXELWISE));
        Set<String> names = studyTasks().stream().map(EndTask::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("imagenet-cls", "kitti-flow", "nyu-depth", "cityscapes-seg")));
    }
}
