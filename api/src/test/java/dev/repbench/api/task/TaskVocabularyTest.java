package dev.repbench.api.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaskVocabularyTest {

    @Test
    void categoryPredicatesFollowTheTwoByTwoTaxonomy() {
        assertTrue(TaskCategory.SEMANTIC_IMAGE_LEVEL.isSemantic());
        assertFalse(TaskCategory.SEMANTIC_IMAGE_LEVEL.isPixelwise());
        assertFalse(TaskCategory.STRUCTURAL_IMAGE_LEVEL.isSemantic());
        assertFalse(TaskCategory.STRUCTURAL_IMAGE_LEVEL.isPixelwise());
        assertTrue(TaskCategory.SEMANTIC_PIXELWISE.isSemantic());
        assertTrue(TaskCategory.SEMANTIC_PIXELWISE.isPixelwise());
        assertFalse(TaskCategory.STRUCTURAL_PIXELWISE.isSemantic());
        assertTrue(TaskCategory.STRUCTURAL_PIXELWISE.isPixelwise());
    }

    @Test
    void headsServeTheirKindOfCategoryAndFrameCount() {
        for (TaskCategory c : TaskCategory.values()) {
            assertEquals(!c.isPixelwise(), HeadKind.LINEAR.supports(c));
            assertEquals(!c.isPixelwise(), HeadKind.MULTI_INPUT_FUSION.supports(c));
            assertEquals(c.isPixelwise(), HeadKind.UNET.supports(c));
            assertEquals(c.isPixelwise(), HeadKind.SIAMESE_UNET.supports(c));
            assertEquals(c.isPixelwise(), HeadKind.DEEPLAB_V3_PLUS.supports(c));
        }
        assertTrue(HeadKind.LINEAR.acceptsFrames(1));
        assertFalse(HeadKind.LINEAR.acceptsFrames(2));
        assertFalse(HeadKind.MULTI_INPUT_FUSION.acceptsFrames(1));
        assertTrue(HeadKind.MULTI_INPUT_FUSION.acceptsFrames(6));
        assertTrue(HeadKind.SIAMESE_UNET.acceptsFrames(2));
        assertFalse(HeadKind.SIAMESE_UNET.acceptsFrames(3));
    }

    @Test
    void metricsCompareInTheirDirectionAndNaNNeverWins() {
        assertTrue(Metric.TOP1.isBetter(0.8, 0.7));
        assertFalse(Metric.TOP1.isBetter(0.7, 0.7));
        assertTrue(Metric.NEG_L1.isBetter(-0.1, -0.2));
        Metric error = new Metric("rmse", Metric.Direction.LOWER_IS_BETTER, "root mean squared error");
        assertTrue(error.isBetter(0.1, 0.2));
        assertFalse(error.isBetter(0.3, 0.2));
        assertFalse(Metric.TOP1.isBetter(Double.NaN, 0.1));
        assertTrue(Metric.TOP1.isBetter(0.0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Metric(" ", Metric.Direction.HIGHER_IS_BETTER, ""));
    }

    @Test
    void outputsValidateAndFitCategories() {
        assertThrows(IllegalArgumentException.class, () -> new OutputSpec.ClassScores(1));
        assertThrows(IllegalArgumentException.class, () -> new OutputSpec.Values(0));
        assertTrue(new OutputSpec.ClassScores(20).fits(TaskCategory.SEMANTIC_PIXELWISE));
        assertTrue(new OutputSpec.ClassScores(20).fits(TaskCategory.STRUCTURAL_IMAGE_LEVEL));
        assertTrue(new OutputSpec.Values(1).fits(TaskCategory.STRUCTURAL_PIXELWISE));
        assertFalse(new OutputSpec.Values(1).fits(TaskCategory.STRUCTURAL_IMAGE_LEVEL));
        assertThrows(IllegalArgumentException.class, () -> new ImageSize(0, 5));
    }

    @Test
    void dataExceptionNamesPathAndLayout() {
        TaskDataException ex = new TaskDataException(Path.of("data", "nyu"), "no such folder",
                "<data-root>/nyu/nyu_depth_v2_labeled.mat");
        assertTrue(ex.getMessage().startsWith("no such folder: data"), ex.getMessage());
        assertTrue(ex.getMessage().contains("nyu"));
        assertTrue(ex.getMessage().endsWith("expected <data-root>/nyu/nyu_depth_v2_labeled.mat"));
        assertEquals(Path.of("data", "nyu"), ex.path());
    }
}
