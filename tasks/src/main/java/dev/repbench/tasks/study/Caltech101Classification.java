package dev.repbench.tasks.study;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code caltech101-cls}: Caltech-101, single linear layer, top-1, 5,000 epochs. All 102 folders count as classes,
 * {@code BACKGROUND_Google} included, which is how the study's 3,060 training images (30 × 102) come about. The
 * dataset publishes no split: the standard protocol's 30 training images per class are drawn with the fixed
 * split seed; every other image is a test image.
 */
public final class Caltech101Classification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "caltech101-cls";
    static final int CLASSES = 102;
    static final int TRAIN_PER_CLASS = 30;

    /** For {@link java.util.ServiceLoader}. */
    public Caltech101Classification() {
        super(new Description(NAME, "Caltech-101 classification, 102 folders (BACKGROUND_Google included), 30 training images per class",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(CLASSES),
                1, 5000, "caltech-101", "101_ObjectCategories/<class>/image_NNNN.jpg",
                "Caltech-101 from https://data.caltech.edu/records/mzrjq-6wc02"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        Path images = dataset.folder("101_ObjectCategories");
        List<String> classes = Classification.folderNames(dataset, images);
        if (classes.size() > CLASSES) {
            throw dataset.problem(images, classes.size() + " class folders, expected at most " + CLASSES);
        }
        List<LabelledImage> all = Classification.classFolders(dataset, images, classes);
        return Classification.perClassSplit(all, dataset, CLASSES, n -> TRAIN_PER_CLASS);
    }
}
