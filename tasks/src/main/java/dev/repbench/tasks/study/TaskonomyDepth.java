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
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * {@code taskonomy-depth}: Taskonomy z-buffer depth in metres, U-Net, −L1 over valid pixels, 50 epochs, in
 * Taskonomy's layout per building: {@code <building>/rgb/point_<p>_view_<v>_domain_rgb.png} with
 * {@code <building>/depth_zbuffer/point_<p>_view_<v>_domain_depth_zbuffer.png} (16 bit, 1/512 m per unit, 65535 =
 * no depth). Buildings are split as {@code splits/train.txt} and {@code splits/test.txt} list them (one per line)
 * when present; otherwise 80 % of the buildings, drawn with the fixed split seed, train.
 */
public final class TaskonomyDepth extends StudyTask {
    /** The task's name. */
    public static final String NAME = "taskonomy-depth";
    /** Depth units per metre. */
    static final float UNITS_PER_METRE = 512f;
    /** The value of pixels with no depth. */
    static final int MISSING = 65535;

    /** For {@link java.util.ServiceLoader}. */
    public TaskonomyDepth() {
        super(new Description(NAME, "Taskonomy depth (z-buffer) in metres",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.UNET, Metric.NEG_L1, new OutputSpec.Values(1),
                1, 50, "taskonomy", "<building>/rgb/point_<p>_view_<v>_domain_rgb.png, <building>/depth_zbuffer/point_<p>_view_<v>_domain_depth_zbuffer.png, optional splits/{train,test}.txt",
                "Taskonomy from https://github.com/StanfordVL/taskonomy/tree/master/data"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        List<String> buildings = new ArrayList<>();
        for (Path folder : dataset.subfolders(dataset.root())) {
            if (java.nio.file.Files.isDirectory(folder.resolve("rgb"))) {
                buildings.add(folder.getFileName().toString());
            }
        }
        if (buildings.isEmpty()) {
            throw dataset.problem(dataset.root(), "no building folder with an rgb/ folder");
        }
        List<String> train;
        List<String> test;
        if (dataset.has("splits/train.txt")) {
            train = dataset.lines("splits/train.txt");
            test = dataset.lines("splits/test.txt");
        } else {
            List<String> shuffled = new ArrayList<>(buildings);
            Collections.shuffle(shuffled, new Random(SPLIT_SEED));
            int cut = Math.max(1, (int) Math.round(0.8 * shuffled.size()));
            train = shuffled.subList(0, Math.min(cut, shuffled.size() - (shuffled.size() > 1 ? 1 : 0))).stream().sorted().toList();
            test = buildings.stream().filter(b -> !train.contains(b)).toList();
        }
        return new Splits(split(dataset, train), split(dataset, test));
    }

    private static ListedSamples<DenseEntry> split(DatasetFolder dataset, List<String> buildings) {
        List<DenseEntry> entries = new ArrayList<>();
        for (String building : buildings) {
            for (Path image : dataset.files(dataset.folder(building + "/rgb"), "_domain_rgb.png")) {
                String stem = image.getFileName().toString().replace("_domain_rgb.png", "");
                entries.add(new DenseEntry(image, dataset.file(building + "/depth_zbuffer/" + stem + "_domain_depth_zbuffer.png")));
            }
        }
        if (entries.isEmpty()) {
            throw dataset.problem(dataset.root(), "no images in the buildings " + buildings);
        }
        return Dense.samples(entries, dataset, (file, values) -> {
            if (values.bits() != 16) {
                throw dataset.problem(file, "an " + values.bits() + "-bit image; Taskonomy depth is 16-bit");
            }
            int[] raw = values.band(0);
            float[] depth = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                depth[i] = raw[i] == MISSING ? Float.NaN : raw[i] / UNITS_PER_METRE;
            }
            return new ScalarMap(values.height(), values.width(), depth);
        });
    }
}
