package dev.repbench.tasks.study;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dtd-cls}: the Describable Textures Dataset, 47 classes, single linear layer, top-1, 100 epochs, on the
 * official first split: train1 + val1 (3,760) to train, test1 to test.
 */
public final class DtdClassification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "dtd-cls";
    static final int CLASSES = 47;

    /** For {@link java.util.ServiceLoader}. */
    public DtdClassification() {
        super(new Description(NAME, "Describable Textures (DTD) classification, 47 classes, official split 1",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(CLASSES),
                1, 100, "dtd", "images/<class>/*.jpg and labels/{train1,val1,test1}.txt (lines 'banded/banded_0002.jpg')",
                "DTD from https://www.robots.ox.ac.uk/~vgg/data/dtd/"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        List<String> classes = Classification.folderNames(dataset, Path.of("images"));
        List<LabelledImage> train = new ArrayList<>(list(dataset, "labels/train1.txt", classes));
        train.addAll(list(dataset, "labels/val1.txt", classes));
        return new Splits(Classification.samples(train, dataset, CLASSES),
                Classification.samples(list(dataset, "labels/test1.txt", classes), dataset, CLASSES));
    }

    private static List<LabelledImage> list(DatasetFolder dataset, String listFile, List<String> classes) {
        List<LabelledImage> entries = new ArrayList<>();
        for (String line : dataset.lines(listFile)) {
            int slash = line.indexOf('/');
            int label = slash > 0 ? classes.indexOf(line.substring(0, slash)) : -1;
            if (label < 0) {
                throw dataset.problem(dataset.root().resolve(listFile), "line '" + line + "' does not start with a class folder");
            }
            entries.add(new LabelledImage(dataset.file("images/" + line), label));
        }
        return entries;
    }
}
