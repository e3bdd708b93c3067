package dev.repbench.tasks.study;

import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code thor-depth}: depth of AI2-THOR frames, U-Net, −L1, 50 epochs, in ViRB's published layout: frames
 * {@code {train,test}/<dir>/*rgb.jpg} and their 8-bit depth images {@code *depth.jpg}, paired in name order. The
 * depth images carry no unit, so the target is the grey value scaled to [0, 1].
 */
public final class ThorDepth extends StudyTask {
    /** The task's name. */
    public static final String NAME = "thor-depth";

    /** For {@link java.util.ServiceLoader}. */
    public ThorDepth() {
        super(new Description(NAME, "AI2-THOR depth (ViRB's 8-bit depth images, scaled to [0, 1])",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.UNET, Metric.NEG_L1, new OutputSpec.Values(1),
                1, 50, "thor_depth_prediction", "{train,test}/<dir>/*rgb.jpg with matching *depth.jpg",
                "ViRB's THOR data, linked from https://github.com/allenai/ViRB"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(split(dataset, "train"), split(dataset, "test"));
    }

    private static ListedSamples<DenseEntry> split(DatasetFolder dataset, String split) {
        Path root = dataset.folder(split);
        List<Path> images = new ArrayList<>();
        List<Path> depths = new ArrayList<>();
        for (Path dir : dataset.subfolders(root)) {
            images.addAll(dataset.files(dir, "rgb.jpg"));
            depths.addAll(dataset.files(dir, "depth.jpg"));
        }
        return Dense.samples(Dense.pairSorted(dataset, root, images, depths), dataset, (file, values) -> {
            int[] grey = values.band(0);
            float[] depth = new float[grey.length];
            for (int i = 0; i < grey.length; i++) {
                depth[i] = grey[i] / 255f;
            }
            return new ScalarMap(values.height(), values.width(), depth);
        });
    }
}
