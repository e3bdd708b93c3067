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
 * {@code imagenet-v2-cls}: ImageNet's classifier tested on ImageNet-v2 (matched frequency). The head is trained
 * on ImageNet's training set, exactly as for {@code imagenet-cls} (so with the same seed the two records share a
 * head), and tested on the v2 images, whose folder {@code 0..999} is the class index in sorted-WordNet-id order.
 */
public final class ImageNetV2Classification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "imagenet-v2-cls";

    /** For {@link java.util.ServiceLoader}. */
    public ImageNetV2Classification() {
        super(new Description(NAME, "ImageNet-v2 (matched frequency) with the ImageNet head trained on ImageNet's training set",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1,
                new OutputSpec.ClassScores(ImageNetClassification.CLASSES), 1, 100,
                "imagenetv2-matched-frequency-format-val", "<class index 0..999>/*.jpeg, and ImageNet's train/ in <data-root>/imagenet",
                "ImageNetV2 from https://github.com/modestyachts/ImageNetV2"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        DatasetFolder imagenet = DatasetFolder.open(dataset.root().getParent(), ImageNetClassification.FOLDER,
                ImageNetClassification.LAYOUT, ImageNetClassification.SOURCE);
        List<String> classes = Classification.folderNames(imagenet, Path.of("train"));
        List<LabelledImage> train = Classification.classFolders(imagenet, Path.of("train"), classes);
        List<LabelledImage> test = new ArrayList<>();
        for (Path folder : dataset.subfolders(dataset.root())) {
            int label;
            try {
                label = Integer.parseInt(folder.getFileName().toString());
            } catch (NumberFormatException e) {
                throw dataset.problem(folder, "a folder not named by a class index");
            }
            for (Path image : dataset.files(folder, Classification.IMAGE_SUFFIXES)) {
                test.add(new LabelledImage(image, label));
            }
        }
        return new Splits(Classification.samples(train, imagenet, ImageNetClassification.CLASSES),
                Classification.samples(test, dataset, ImageNetClassification.CLASSES));
    }
}
