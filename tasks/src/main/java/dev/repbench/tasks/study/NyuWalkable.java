package dev.repbench.tasks.study;

import dev.repbench.api.data.LabelMap;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import java.nio.file.Path;

/**
 * {@code nyu-walkable}: which pixels of an NYU Depth v2 room are walkable (floor, carpet, …), DeepLabv3+, mIoU over
 * the two classes, 100 epochs, in ViRB's published layout: {@code {train,test}/images/*.png} with masks
 * {@code {train,test}/walkable/*.png} (non-zero = walkable), paired in name order.
 */
public final class NyuWalkable extends StudyTask {
    /** The task's name. */
    public static final String NAME = "nyu-walkable";

    /** For {@link java.util.ServiceLoader}. */
    public NyuWalkable() {
        super(new Description(NAME, "NYU Depth v2 walkable-surface segmentation (2 classes)",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.DEEPLAB_V3_PLUS, Metric.MIOU, new OutputSpec.ClassScores(2),
                1, 100, "nyu", "{train,test}/images/*.png and {train,test}/walkable/*.png (ViRB's layout)",
                "ViRB's NYU walkable masks, linked from https://github.com/allenai/ViRB"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(split(dataset, "train"), split(dataset, "test"));
    }

    private static ListedSamples<DenseEntry> split(DatasetFolder dataset, String split) {
        Path root = dataset.folder(split);
        return Dense.samples(Dense.pairSorted(dataset, root, dataset.files(dataset.folder(split + "/images"), ".png"),
                dataset.files(dataset.folder(split + "/walkable"), ".png")), dataset, (file, values) -> {
            int[] mask = values.band(0);
            int[] labels = new int[mask.length];
            for (int i = 0; i < mask.length; i++) {
                labels[i] = mask[i] != 0 ? 1 : 0;
            }
            return new LabelMap(values.height(), values.width(), labels, LabelMap.DEFAULT_IGNORE_INDEX);
        });
    }
}
