package dev.repbench.tasks.study;

import dev.repbench.api.data.FlowMap;
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
 * {@code kitti-flow}: KITTI 2015 optical flow, Siamese U-Net, 1 − Fl-all, 250 epochs. Only the 200 training pairs
 * have ground truth, so they are split in name order, the first 90 % to train (as ViRB did). The target is the real
 * flow from {@code flow_occ} (16-bit RGB PNG: u = (R − 2¹⁵)/64, v = (G − 2¹⁵)/64, valid where B > 0; invalid pixels
 * are NaN); ViRB regressed the colour visualisation {@code viz_flow_occ} by mistake.
 */
public final class KittiFlow extends StudyTask {
    /** The task's name. */
    public static final String NAME = "kitti-flow";

    /** For {@link java.util.ServiceLoader}. */
    public KittiFlow() {
        super(new Description(NAME, "KITTI 2015 optical flow between two frames",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.SIAMESE_UNET, Metric.ONE_MINUS_FL_ALL, new OutputSpec.Values(2),
                2, 250, "kitti-2015", "training/image_2/<n>_10.png, training/image_2/<n>_11.png and training/flow_occ/<n>_10.png",
                "KITTI 2015 scene flow from https://www.cvlibs.net/datasets/kitti/eval_scene_flow.php"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        List<DenseEntry> all = new ArrayList<>();
        for (Path flow : dataset.files(dataset.folder("training/flow_occ"), "_10.png")) {
            String name = flow.getFileName().toString();
            String stem = name.substring(0, name.length() - "_10.png".length());
            all.add(new DenseEntry(List.of(dataset.file("training/image_2/" + stem + "_10.png"),
                    dataset.file("training/image_2/" + stem + "_11.png")), flow));
        }
        if (all.isEmpty()) {
            throw dataset.problem(dataset.root().resolve("training/flow_occ"), "no flow files");
        }
        int cut = (int) (0.9 * all.size());
        return new Splits(samples(dataset, all.subList(0, cut)), samples(dataset, all.subList(cut, all.size())));
    }

    private static ListedSamples<DenseEntry> samples(DatasetFolder dataset, List<DenseEntry> entries) {
        return Dense.samples(entries, dataset, (file, values) -> {
            if (values.bits() != 16 || values.bandCount() < 3) {
                throw dataset.problem(file, "a " + values.bits() + "-bit, " + values.bandCount() + "-band image; KITTI flow is 16-bit RGB");
            }
            int n = values.height() * values.width();
            float[] uv = new float[2 * n];
            int[] r = values.band(0);
            int[] g = values.band(1);
            int[] b = values.band(2);
            for (int i = 0; i < n; i++) {
                boolean valid = b[i] > 0;
                uv[i] = valid ? (r[i] - 32768) / 64f : Float.NaN;
                uv[n + i] = valid ? (g[i] - 32768) / 64f : Float.NaN;
            }
            return new FlowMap(values.height(), values.width(), uv);
        });
    }
}
