package dev.repbench.tasks.battery;

import dev.repbench.api.EndTask;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatteryDescriptionTest {

    @Test
    void everyBatteryTaskIsRegisteredAsAServiceInTheListedOrder() {
        List<String> found = ServiceLoader.load(EndTask.class).stream().map(ServiceLoader.Provider::get)
                .filter(Battery::isMember).map(EndTask::name).toList();
        assertEquals(Battery.TASK_NAMES, found);
        assertEquals(Battery.TASK_NAMES, Battery.tasks().stream().map(EndTask::name).toList());
    }

    @Test
    void theGroupIsTheListTheMethodAndTheNamePrefix() {
        for (BatteryTask task : Battery.tasks()) {
            assertEquals(Battery.GROUP, task.group());
            assertTrue(Battery.TASK_NAMES.contains(task.name()));
            assertTrue(task.name().startsWith("fmnist-"), task.name());
        }
        assertEquals(Battery.TASK_NAMES.size(), Set.copyOf(Battery.TASK_NAMES).size(), "names are unique");
    }

    @Test
    void everyDescriptionIsConsistent() {
        for (BatteryTask task : Battery.tasks()) {
            assertEquals(List.of(), EndTask.descriptionProblems(task), task.name());
            assertEquals(ImageSize.square(BatteryTask.SIDE), task.inputSize());
            assertFalse(task.description().isBlank());
            boolean regression = task.output() instanceof OutputSpec.Values;
            assertEquals(task.category() == TaskCategory.STRUCTURAL_PIXELWISE && task.head() != HeadKind.DEEPLAB_V3_PLUS,
                    regression, task.name() + ": depth and flow regress values, everything else scores classes");
        }
    }

    @Test
    void theBatteryCoversAllFourCategoriesAllFiveHeadsAndBothFusionLengths() {
        List<BatteryTask> tasks = Battery.tasks();
        assertEquals(EnumSet.allOf(TaskCategory.class), tasks.stream().map(EndTask::category)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(TaskCategory.class))));
        assertEquals(EnumSet.allOf(HeadKind.class), tasks.stream().map(EndTask::head)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(HeadKind.class))));
        assertEquals(Set.of(2, 6), tasks.stream().filter(t -> t.head() == HeadKind.MULTI_INPUT_FUSION)
                .map(EndTask::framesPerSample).collect(Collectors.toSet()));
    }

    @Test
    void theSizesAreTheDocumentedOnes() {
        // name, classes or channels, frames, train, test, epochs — as in the package documentation's table.
        Object[][] expected = {
                {"fmnist-cls", 10, 1, 3000, 1000, 100},
                {"fmnist-count", 5, 1, 2000, 1000, 100},
                {"fmnist-rotation", 4, 1, 2000, 1000, 100},
                {"fmnist-motion", 5, 2, 2000, 1000, 100},
                {"fmnist-seq6", 10, 6, 1000, 300, 100},
                {"fmnist-seg", 11, 1, 600, 400, 10},
                {"fmnist-walkable", 2, 1, 600, 200, 15},
                {"fmnist-depth", 1, 1, 600, 200, 15},
                {"fmnist-flow", 2, 2, 400, 150, 40},
        };
        List<BatteryTask> tasks = Battery.tasks();
        assertEquals(expected.length, tasks.size());
        for (int i = 0; i < expected.length; i++) {
            BatteryTask task = tasks.get(i);
            int outputs = switch (task.output()) {
                case OutputSpec.ClassScores(int classes) -> classes;
                case OutputSpec.Values(int channels) -> channels;
            };
            assertEquals(List.of(expected[i]), List.of(task.name(), outputs, task.framesPerSample(),
                    task.size(dev.repbench.api.data.Split.TRAIN), task.size(dev.repbench.api.data.Split.TEST), task.defaultEpochs()));
            assertEquals(0, task.size(dev.repbench.api.data.Split.VAL));
        }
    }
}
