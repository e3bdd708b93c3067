package dev.repbench.tasks.study;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sun397-cls}: SUN397 scene classification, 397 classes, single linear layer, top-1, 250 epochs, on the
 * official partition 01 (50 training and 50 test images per class). The study trained on a larger split of its
 * own (87,003 images, VTAB's train + validation), which the dataset does not publish; scores are therefore not
 * directly comparable with the paper's.
 */
public final class Sun397Classification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "sun397-cls";
    static final int CLASSES = 397;

    /** For {@link java.util.ServiceLoader}. */
    public Sun397Classification() {
        super(new Description(NAME, "SUN397 scene classification, 397 classes, official partition 01",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(CLASSES),
                1, 250, "SUN397", "<letter>/<class>/sun_*.jpg and Partitions/{ClassName,Training_01,Testing_01}.txt",
                "SUN397 from https://vision.princeton.edu/projects/2010/SUN/"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        List<String> classes = dataset.lines("Partitions/ClassName.txt");
        return new Splits(Classification.samples(list(dataset, "Partitions/Training_01.txt", classes), dataset, CLASSES),
                Classification.samples(list(dataset, "Partitions/Testing_01.txt", classes), dataset, CLASSES));
    }

    /** Lines like {@code /a/abbey/sun_x.jpg}; the class is the path without its file name. */
    private static List<LabelledImage> list(DatasetFolder dataset, String listFile, List<String> classes) {
        List<LabelledImage> entries = new ArrayList<>();
        for (String line : dataset.lines(listFile)) {
            int cut = line.lastIndexOf('/');
            int label = cut > 0 ? classes.indexOf(line.substring(0, cut)) : -1;
            if (label < 0) {
                throw dataset.problem(dataset.root().resolve(listFile), "line '" + line + "' is not in a class of Partitions/ClassName.txt");
            }
            entries.add(new LabelledImage(dataset.file(line.substring(1)), label));
        }
        return entries;
    }
}
