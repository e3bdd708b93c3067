package dev.repbench.runtime.data;

import dev.repbench.runtime.io.Sha256;
import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.tasks.data.idx.LabelledImages;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Fashion-MNIST's own splits as a {@link TaskDataset} of 28×28 images (grey replicated to three channels) with their
 * class labels: what {@code repbench features --dataset fashion-mnist} and the benchmarks read. The files are read by
 * the tasks module's IDX reader ({@link dev.repbench.tasks.data.idx.FashionMnist}), the one reader of the format.
 */
public final class FashionMnistSplits implements TaskDataset {
    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static final String DEBIAN_ROOT = dev.repbench.tasks.data.idx.FashionMnist.DEBIAN_FOLDER;
    /** The dataset's name on the command line and in cache keys. */
    public static final String NAME = "fashion-mnist";
    /** The ten classes, by label. */
    public static final List<String> CLASSES = dev.repbench.tasks.data.idx.FashionMnist.CLASS_NAMES;

    private final dev.repbench.tasks.data.idx.FashionMnist data;
    private final Map<Split, SampleSource> splits;
    private String manifestHash;

    private FashionMnistSplits(dev.repbench.tasks.data.idx.FashionMnist data) {
        this.data = data;
        this.splits = Map.of(Split.TRAIN, new GreyImages(data.train()), Split.TEST, new GreyImages(data.test()));
    }

    /**
     * Opens the files in {@code root/fashion-mnist/} (the layout of a data root), or in {@code root} itself: the one
     * rule of {@link dev.repbench.tasks.data.idx.FashionMnist#locate}, which the battery follows too.
     *
     * @throws TaskDataException naming the folder, the files expected and the Debian package, when they are missing
     *                           or malformed
     */
    public static FashionMnistSplits open(Path root) {
        Path folder = dev.repbench.tasks.data.idx.FashionMnist.locate(root);
        return new FashionMnistSplits(dev.repbench.tasks.data.idx.FashionMnist.shared(folder));
    }

    /** The folder the files were read from. */
    public Path root() {
        return data.folder();
    }

    @Override
    public SampleSource split(Split split) {
        return splits.getOrDefault(Objects.requireNonNull(split, "split"), SampleSource.empty());
    }

    /** sha-256 over the reader's version and each file's decompressed content hash: gzipped or not, the same data. */
    @Override
    public synchronized String manifestHash() {
        if (manifestHash == null) {
            StringBuilder listing = new StringBuilder("repbench fashion-mnist v2\n");
            new TreeMap<>(data.contentHashes()).forEach((file, sha) -> listing.append(file).append(' ').append(sha).append('\n'));
            manifestHash = Sha256.of(listing.toString());
        }
        return manifestHash;
    }

    /** One split as samples: pixels scaled to [0, 1], grey replicated to three channels (encoders take RGB). */
    private record GreyImages(LabelledImages images) implements SampleSource {
        @Override
        public int size() {
            return images.size();
        }

        @Override
        public Sample get(int index) {
            Objects.checkIndex(index, images.size());
            int height = images.rows();
            int width = images.columns();
            int plane = height * width;
            byte[] grey = images.imageBytes(index);
            float[] chw = new float[3 * plane];
            for (int p = 0; p < plane; p++) {
                chw[p] = (grey[p] & 0xFF) / 255f;
            }
            System.arraycopy(chw, 0, chw, plane, plane);
            System.arraycopy(chw, 0, chw, 2 * plane, plane);
            return Sample.of(new Image(3, height, width, chw), new ClassLabel(images.label(index)));
        }
    }
}
