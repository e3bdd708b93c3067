package dev.repbench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.api.task.TaskContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndTaskTest {

    private record Described(String name, TaskCategory category, HeadKind head, OutputSpec output,
                             int framesPerSample, int defaultEpochs) implements EndTask {
        @Override
        public String description() {
            return "test task";
        }

        @Override
        public Metric metric() {
            return Metric.TOP1;
        }

        @Override
        public ImageSize inputSize() {
            return ImageSize.square(32);
        }

        @Override
        public TaskDataset open(TaskContext context) {
            throw new UnsupportedOperationException("not needed to check the description");
        }
    }

    @Test
    void aConsistentTaskHasNoProblems() {
        assertEquals(List.of(), EndTask.descriptionProblems(new Described("fmnist-cls",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, new OutputSpec.ClassScores(10), 1, 100)));
        assertEquals(List.of(), EndTask.descriptionProblems(new Described("kitti-flow",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.SIAMESE_UNET, new OutputSpec.Values(2), 2, 250)));
        assertEquals(List.of(), EndTask.descriptionProblems(new Described("kinetics-action",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.MULTI_INPUT_FUSION, new OutputSpec.ClassScores(400), 6, 100)));
    }

    @Test
    void reportsEveryInconsistency() {
        List<String> problems = EndTask.descriptionProblems(new Described("Bad Name",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.UNET, new OutputSpec.Values(1), 3, 0));
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("Bad Name"));
        assertTrue(problems.get(1).contains("UNET cannot serve a semantic image-level task"));
        assertTrue(problems.get(2).contains("3 frame(s)"));
        assertTrue(problems.get(3).contains("does not fit"));
        assertTrue(problems.get(4).contains("defaultEpochs"));
    }

    @Test
    void providerNamesAreLowerCaseIds() {
        assertTrue(Provider.isValidName("moco-v2"));
        assertTrue(Provider.isValidName("imagenet_1.4"));
        assertTrue(!Provider.isValidName("MoCo"));
        assertTrue(!Provider.isValidName("-x"));
        assertTrue(!Provider.isValidName(""));
        assertTrue(!Provider.isValidName(null));
        assertTrue(!Provider.isValidName("a".repeat(65)));
    }
}
