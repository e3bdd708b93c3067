package dev.repbench.tasks.study;

import dev.repbench.api.data.LabelMap;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code cityscapes-seg}: Cityscapes semantic segmentation on the official fine annotations, DeepLabv3+, mIoU over
 * the 19 evaluation classes (the official label table's train ids; every other label id is void and ignored),
 * 100 epochs; train to train, val to test. The study counted void as a 20th class ("background") and trained on
 * 513 × 513 crops with evaluation at full resolution; our protocol resizes to the task's input size.
 */
public final class CityscapesSegmentation extends StudyTask {
    /** The task's name. */
    public static final String NAME = "cityscapes-seg";
    static final int CLASSES = 19;
    /** Label id → train id (void = the ignore index), from the official labels table. */
    static final int[] TRAIN_IDS = trainIds();

    /** For {@link java.util.ServiceLoader}. */
    public CityscapesSegmentation() {
        super(new Description(NAME, "Cityscapes semantic segmentation, 19 classes (void ignored)",
                TaskCategory.SEMANTIC_PIXELWISE, HeadKind.DEEPLAB_V3_PLUS, Metric.MIOU, new OutputSpec.ClassScores(CLASSES),
                1, 100, "cityscapes", "leftImg8bit/{train,val}/<city>/*_leftImg8bit.png and gtFine/{train,val}/<city>/*_gtFine_labelIds.png",
                "Cityscapes from https://www.cityscapes-dataset.com"));
    }

    private static int[] trainIds() {
        int[] ids = new int[256];
        Arrays.fill(ids, LabelMap.DEFAULT_IGNORE_INDEX);
        int[] evaluated = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33};
        for (int trainId = 0; trainId < evaluated.length; trainId++) {
            ids[evaluated[trainId]] = trainId;
        }
        return ids;
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(split(dataset, "train"), split(dataset, "val"));
    }

    private static ListedSamples<DenseEntry> split(DatasetFolder dataset, String split) {
        List<DenseEntry> entries = new ArrayList<>();
        Path images = dataset.folder("leftImg8bit/" + split);
        for (Path city : dataset.subfolders(images)) {
            for (Path image : dataset.files(city, "_leftImg8bit.png")) {
                String stem = image.getFileName().toString().replace("_leftImg8bit.png", "");
                Path label = dataset.file("gtFine/" + split + "/" + city.getFileName() + "/" + stem + "_gtFine_labelIds.png");
                entries.add(new DenseEntry(image, label));
            }
        }
        if (entries.isEmpty()) {
            throw dataset.problem(images, "no images");
        }
        return Dense.samples(entries, dataset, (file, values) -> {
            int[] ids = values.band(0);
            int[] labels = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                labels[i] = ids[i] < TRAIN_IDS.length ? TRAIN_IDS[ids[i]] : LabelMap.DEFAULT_IGNORE_INDEX;
            }
            return new LabelMap(values.height(), values.width(), labels, LabelMap.DEFAULT_IGNORE_INDEX);
        });
    }
}
