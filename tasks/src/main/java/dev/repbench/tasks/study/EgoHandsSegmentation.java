package dev.repbench.tasks.study;

import dev.repbench.api.data.LabelMap;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code egohands-seg}: EgoHands hand segmentation, five classes (background, the partner's left and right hand, the
 * wearer's left and right hand), DeepLabv3+, mIoU, 25 epochs, in ViRB's mask layout: images
 * {@code images/<video>/*.jpg} and masks {@code labels/<video>/*.png} holding the class per pixel, paired in name
 * order; the first 90 % in that order train, the rest test (ViRB's split). The official release stores hands as
 * polygons in MATLAB v5 files ({@code _LABELLED_SAMPLES/<video>/polygons.mat}), which are not read.
 */
public final class EgoHandsSegmentation extends StudyTask {
    /** The task's name. */
    public static final String NAME = "egohands-seg";
    static final int CLASSES = 5;

    /** For {@link java.util.ServiceLoader}. */
    public EgoHandsSegmentation() {
        super(new Description(NAME, "EgoHands segmentation of four hands + background",
                TaskCategory.SEMANTIC_PIXELWISE, HeadKind.DEEPLAB_V3_PLUS, Metric.MIOU, new OutputSpec.ClassScores(CLASSES),
                1, 25, "egohands", "images/<video>/*.jpg and labels/<video>/*.png (class 0-4 per pixel; ViRB's masks, not the polygons.mat release)",
                "EgoHands from http://vision.soic.indiana.edu/projects/egohands/, masks rendered as in ViRB"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        if (!dataset.has("images") && dataset.has("_LABELLED_SAMPLES")) {
            throw dataset.problem(dataset.root().resolve("_LABELLED_SAMPLES"),
                    "the polygon release; render the polygons into per-pixel masks under labels/ first");
        }
        List<Path> images = new ArrayList<>();
        List<Path> masks = new ArrayList<>();
        for (Path video : dataset.subfolders(dataset.folder("images"))) {
            images.addAll(dataset.files(video, ".jpg"));
        }
        for (Path video : dataset.subfolders(dataset.folder("labels"))) {
            masks.addAll(dataset.files(video, ".png"));
        }
        List<DenseEntry> all = Dense.pairSorted(dataset, dataset.root(), images, masks);
        int cut = (int) (0.9 * all.size());
        return new Splits(samples(dataset, all.subList(0, cut)), samples(dataset, all.subList(cut, all.size())));
    }

    private static dev.repbench.tasks.data.files.ListedSamples<DenseEntry> samples(DatasetFolder dataset, List<DenseEntry> entries) {
        return Dense.samples(entries, dataset, (file, values) -> {
            int[] labels = values.band(0).clone();
            for (int label : labels) {
                if (label >= CLASSES) {
                    throw dataset.problem(file, "mask value " + label + " is not a class 0.." + (CLASSES - 1));
                }
            }
            return new LabelMap(values.height(), values.width(), labels, LabelMap.DEFAULT_IGNORE_INDEX);
        });
    }
}
