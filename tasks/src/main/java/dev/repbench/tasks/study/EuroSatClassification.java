package dev.repbench.tasks.study;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code eurosat-cls}: EuroSAT (RGB), 10 land-use classes, single linear layer, top-1, 200 epochs. No published
 * split: 80 % of each class trains (21,600 of 27,000, the study's size), drawn with the fixed split seed.
 */
public final class EuroSatClassification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "eurosat-cls";
    static final int CLASSES = 10;

    /** For {@link java.util.ServiceLoader}. */
    public EuroSatClassification() {
        super(new Description(NAME, "EuroSAT (RGB) land-use classification, 10 classes",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(CLASSES),
                1, 200, "EuroSAT", "2750/<Class>/<Class>_<n>.jpg (the RGB release)",
                "EuroSAT from https://github.com/phelber/EuroSAT"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        Path images = dataset.folder("2750");
        List<String> classes = Classification.folderNames(dataset, images);
        List<LabelledImage> all = Classification.classFolders(dataset, images, classes);
        return Classification.perClassSplit(all, dataset, CLASSES, n -> (int) Math.round(0.8 * n));
    }
}
