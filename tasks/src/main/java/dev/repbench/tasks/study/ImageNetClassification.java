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
 * {@code imagenet-cls}: ILSVRC-2012, 1,000 classes, single linear layer, top-1, 100 epochs. Classes are the
 * sorted WordNet ids of {@code train/}. The validation set (the study's test set) is read either from class
 * folders, as torchvision's ImageFolder expects, or flat with Kaggle's {@code LOC_val_solution.csv}.
 */
public final class ImageNetClassification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "imagenet-cls";
    static final String FOLDER = "imagenet";
    static final String LAYOUT = "train/<wnid>/*.JPEG and val/<wnid>/*.JPEG (or val/*.JPEG with LOC_val_solution.csv)";
    static final String SOURCE = "ILSVRC-2012 from https://image-net.org";
    static final int CLASSES = 1000;

    /** For {@link java.util.ServiceLoader}. */
    public ImageNetClassification() {
        super(new Description(NAME, "ImageNet (ILSVRC-2012) classification, 1000 classes",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(CLASSES),
                1, 100, FOLDER, LAYOUT, SOURCE));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        List<String> classes = Classification.folderNames(dataset, Path.of("train"));
        List<LabelledImage> train = Classification.classFolders(dataset, Path.of("train"), classes);
        return new Splits(Classification.samples(train, dataset, CLASSES),
                Classification.samples(validation(dataset, classes), dataset, CLASSES));
    }

    /** The validation images with their labels, in either of the two layouts. */
    static List<LabelledImage> validation(DatasetFolder dataset, List<String> classes) {
        Path val = dataset.folder("val");
        if (!dataset.subfolders(val).isEmpty()) {
            return Classification.classFolders(dataset, val, classes);
        }
        List<LabelledImage> entries = new ArrayList<>();
        List<String> lines = dataset.lines("LOC_val_solution.csv");
        for (String line : lines.subList(1, lines.size())) {   // header: ImageId,PredictionString
            String[] parts = line.split(",", 2);
            String wnid = parts.length == 2 ? parts[1].strip().split("\\s+")[0] : "";
            int label = classes.indexOf(wnid);
            if (label < 0) {
                throw dataset.problem(dataset.root().resolve("LOC_val_solution.csv"), "line '" + line + "' names no known class");
            }
            entries.add(new LabelledImage(dataset.file("val/" + parts[0] + ".JPEG"), label));
        }
        return entries;
    }
}
