package dev.repbench.tasks.study;

import dev.repbench.api.data.Image;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import dev.repbench.tasks.data.image.ImageFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pets-seg}: the study's "Pets instance segmentation" — each image holds exactly one cat or dog, so the
 * instance is the foreground: DeepLabv3+, mIoU over background and pet, 100 epochs, official trainval/test lists.
 * Targets from the trimaps (1 = pet, 2 = background, 3 = the uncertain border, ignored).
 */
public final class PetsSegmentation extends StudyTask {
    /** The task's name. */
    public static final String NAME = "pets-seg";

    /** For {@link java.util.ServiceLoader}. */
    public PetsSegmentation() {
        super(new Description(NAME, "Oxford-IIIT Pets foreground segmentation from the trimaps (background, pet; border ignored)",
                TaskCategory.SEMANTIC_PIXELWISE, HeadKind.DEEPLAB_V3_PLUS, Metric.MIOU, new OutputSpec.ClassScores(2),
                1, 100, PetsClassification.FOLDER, PetsClassification.LAYOUT, PetsClassification.SOURCE));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(samples(dataset, "annotations/trainval.txt"), samples(dataset, "annotations/test.txt"));
    }

    private static ListedSamples<DenseEntry> samples(DatasetFolder dataset, String listFile) {
        List<DenseEntry> entries = new ArrayList<>();
        for (LabelledImage image : PetsClassification.list(dataset, listFile)) {
            String name = image.frames().getFirst().getFileName().toString().replaceFirst("\\.jpg$", "");
            entries.add(new DenseEntry(image.frames().getFirst(), dataset.file("annotations/trimaps/" + name + ".png")));
        }
        String layout = dataset.expected();
        return new ListedSamples<>(entries, entry -> {
            Image image = ImageFiles.readRgb(entry.frames().getFirst(), layout);
            ImageFiles.Samples trimap = ImageFiles.readSamples(entry.target(), layout);
            int[] labels = new int[trimap.height() * trimap.width()];
            int[] values = trimap.band(0);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = switch (values[i]) {
                    case 1 -> 1;
                    case 2 -> 0;
                    case 3 -> LabelMap.DEFAULT_IGNORE_INDEX;
                    default -> throw dataset.problem(entry.target(), "trimap value " + values[i] + " is not 1, 2 or 3");
                };
            }
            return Sample.of(image, new LabelMap(trimap.height(), trimap.width(), labels, LabelMap.DEFAULT_IGNORE_INDEX));
        });
    }
}
