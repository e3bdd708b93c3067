package dev.repbench.tasks.study;

import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * {@code nyu-depth}: NYU Depth v2 depth in metres, U-Net, −L1 over valid pixels (depth > 0), 250 epochs, read from
 * the official labelled file {@code nyu_depth_v2_labeled.mat} (MATLAB v7.3, an HDF5 file, read with jHDF). MATLAB
 * stores arrays column-major, so the HDF5 datasets are {@code images} (N, 3, W, H) uint8 and {@code depths}
 * (N, W, H) float32 and are transposed here. The study split the 1,449 images 1,159 / 290; so do we, with the fixed
 * split seed (the official {@code splits.mat}, a MATLAB v5 file, is not read).
 */
public final class NyuDepth extends StudyTask {
    /** The task's name. */
    public static final String NAME = "nyu-depth";
    static final String FILE = "nyu_depth_v2_labeled.mat";
    static final double TRAIN_FRACTION = 1159.0 / 1449.0;

    /** For {@link java.util.ServiceLoader}. */
    public NyuDepth() {
        super(new Description(NAME, "NYU Depth v2 depth in metres, from the labelled .mat file",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.UNET, Metric.NEG_L1, new OutputSpec.Values(1),
                1, 250, "nyu", FILE + " (the official labelled NYU Depth v2 file, MATLAB v7.3 / HDF5)",
                "NYU Depth v2 from https://cs.nyu.edu/~fergus/datasets/nyu_depth_v2.html"));
    }

    /** One image of the file. */
    private record Frame(Path file, int index) implements ListedSamples.Entry {
        @Override
        public List<Path> files() {
            return List.of(file);
        }

        @Override
        public String labelText() {
            return Integer.toString(index);
        }
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        Path file = dataset.file(FILE);
        HdfFile hdf;
        Dataset images;
        Dataset depths;
        try {
            hdf = new HdfFile(file);
            images = hdf.getDatasetByPath("images");
            depths = hdf.getDatasetByPath("depths");
        } catch (HdfException | IllegalArgumentException e) {
            throw dataset.problem(file, "not an HDF5 file with 'images' and 'depths' datasets (" + e.getMessage() + ")", e);
        }
        int[] imageDims = images.getDimensions();
        int[] depthDims = depths.getDimensions();
        if (imageDims.length != 4 || imageDims[1] != 3 || depthDims.length != 3 || depthDims[0] != imageDims[0]
                || depthDims[1] != imageDims[2] || depthDims[2] != imageDims[3]) {
            hdf.close();
            throw dataset.problem(file, "'images' is " + java.util.Arrays.toString(imageDims) + " and 'depths' "
                    + java.util.Arrays.toString(depthDims) + "; expected (N, 3, W, H) and (N, W, H)");
        }
        int count = imageDims[0];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(SPLIT_SEED));
        int cut = (int) Math.round(TRAIN_FRACTION * count);
        List<Frame> train = order.subList(0, cut).stream().sorted().map(i -> new Frame(file, i)).toList();
        List<Frame> test = order.subList(cut, count).stream().sorted().map(i -> new Frame(file, i)).toList();
        int width = imageDims[2];
        int height = imageDims[3];
        java.util.function.Function<Frame, Sample> reader = frame -> {
            byte[][][][] rgb;
            float[][][] metres;
            synchronized (hdf) {   // one file channel; jHDF does not promise concurrent reads
                rgb = (byte[][][][]) images.getData(new long[] {frame.index(), 0, 0, 0}, new int[] {1, 3, width, height});
                metres = (float[][][]) depths.getData(new long[] {frame.index(), 0, 0}, new int[] {1, width, height});
            }
            int plane = height * width;
            float[] pixels = new float[3 * plane];
            float[] depth = new float[plane];
            for (int x = 0; x < width; x++) {
                for (int y = 0; y < height; y++) {
                    int i = y * width + x;
                    for (int c = 0; c < 3; c++) {
                        pixels[c * plane + i] = (rgb[0][c][x][y] & 0xFF) / 255f;
                    }
                    float d = metres[0][x][y];
                    depth[i] = d > 0 ? d : Float.NaN;
                }
            }
            return Sample.of(new Image(3, height, width, pixels), new ScalarMap(height, width, depth));
        };
        return new Splits(new ListedSamples<>(train, reader), new ListedSamples<>(test, reader), hdf);
    }
}
