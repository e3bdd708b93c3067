package dev.repbench.runtime.data;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskDataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fashion-MNIST from its four IDX files in a folder (Debian's {@code dataset-fashion-mnist} installs them gzipped
 * under {@value #DEBIAN_ROOT}; plain files without {@code .gz} are read too). TRAIN is the 60,000 training images,
 * TEST the 10,000 test images, VAL is empty. Each sample is one 28 × 28 image, grey replicated to three channels,
 * with its class (0–9) as a {@link ClassLabel}.
 *
 * <p>A split's files are read on first use and kept in memory (47 MB for TRAIN); samples are made on demand, so
 * {@code get} is cheap and safe from several threads.
 */
public final class FashionMnist implements TaskDataset {
    /** Where Debian's package installs the files. */
    public static final String DEBIAN_ROOT = "/usr/share/datasets/fashion-mnist";
    /** The dataset's name in keys and messages. */
    public static final String NAME = "fashion-mnist";
    /** The class names, by index. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final Map<Split, String> PREFIX = Map.of(Split.TRAIN, "train", Split.TEST, "t10k");
    private static final String LAYOUT = "the Fashion-MNIST IDX files train-images-idx3-ubyte.gz,"
            + " train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (or the same"
            + " names without .gz) in this folder; on Debian: apt-get install dataset-fashion-mnist (installs them in "
            + DEBIAN_ROOT + "), or point --data-root at a folder holding them";

    private final Path root;
    private final Map<Split, SampleSource> loaded = new EnumMap<>(Split.class);
    private String manifestHash;

    private FashionMnist(Path root) {
        this.root = root;
    }

    /**
     * Opens the dataset in {@code root}, checking that its four files are there (they are read on first use).
     *
     * @throws TaskDataException naming the folder, the files expected and the Debian package, if one is missing
     */
    public static FashionMnist open(Path root) {
        Path folder = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new TaskDataException(folder, "no Fashion-MNIST folder", LAYOUT);
        }
        FashionMnist dataset = new FashionMnist(folder);
        for (Split split : PREFIX.keySet()) {
            dataset.file(split, "images-idx3-ubyte");
            dataset.file(split, "labels-idx1-ubyte");
        }
        return dataset;
    }

    /** The folder read. */
    public Path root() {
        return root;
    }

    /** The file {@code <prefix>-<kind>.gz}, or without {@code .gz}. */
    private Path file(Split split, String kind) {
        String name = PREFIX.get(split) + "-" + kind;
        Path gz = root.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = root.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new TaskDataException(gz, "missing Fashion-MNIST file", LAYOUT);
    }

    @Override
    public synchronized SampleSource split(Split split) {
        Objects.requireNonNull(split, "split");
        if (!PREFIX.containsKey(split)) {
            return SampleSource.empty();
        }
        return loaded.computeIfAbsent(split, this::load);
    }

    private SampleSource load(Split split) {
        Path imagesFile = file(split, "images-idx3-ubyte");
        Path labelsFile = file(split, "labels-idx1-ubyte");
        IdxFile images = IdxFile.read(imagesFile, 3);
        IdxFile labels = IdxFile.read(labelsFile, 1);
        int[] dims = images.dimensions();
        if (dims[1] < 1 || dims[2] < 1) {
            throw new TaskDataException(imagesFile, "images of " + dims[1] + "x" + dims[2] + " pixels", LAYOUT);
        }
        if (labels.count() != images.count()) {
            throw new TaskDataException(labelsFile, labels.count() + " labels for " + images.count() + " images in "
                    + imagesFile.getFileName(), LAYOUT);
        }
        for (int i = 0; i < labels.count(); i++) {
            if ((labels.values()[i] & 0xFF) >= CLASSES.size()) {
                throw new TaskDataException(labelsFile, "label " + (labels.values()[i] & 0xFF) + " at index " + i
                        + " is not a class 0-9", LAYOUT);
            }
        }
        return new GreyImages(images, labels);
    }

    /**
     * The sha256 of a canonical listing of the four files: one line {@code name size sha256} each, in a fixed order,
     * after a line naming this reader. Computed once, on first call.
     */
    @Override
    public synchronized String manifestHash() {
        if (manifestHash == null) {
            StringBuilder listing = new StringBuilder("repbench fashion-mnist idx reader v1\n");
            for (Split split : List.of(Split.TRAIN, Split.TEST)) {
                for (String kind : List.of("images-idx3-ubyte", "labels-idx1-ubyte")) {
                    Path f = file(split, kind);
                    listing.append(f.getFileName()).append(' ').append(size(f)).append(' ').append(sha256(f)).append('\n');
                }
            }
            manifestHash = HexFormat.of().formatHex(digest().digest(listing.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return manifestHash;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new TaskDataException(f, "cannot read its size (" + e.getMessage() + ")", LAYOUT, e);
        }
    }

    private static String sha256(Path f) {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new TaskDataException(f, "cannot read it (" + e.getMessage() + ")", LAYOUT, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Grey IDX images, served as three-channel samples made on demand. */
    private static final class GreyImages implements SampleSource {
        private final byte[] pixels;
        private final byte[] labels;
        private final int count;
        private final int height;
        private final int width;

        GreyImages(IdxFile images, IdxFile labels) {
            this.pixels = images.values();
            this.labels = labels.values();
            int[] dims = images.dimensions();
            this.count = dims[0];
            this.height = dims[1];
            this.width = dims[2];
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Sample get(int index) {
            Objects.checkIndex(index, count);
            int plane = height * width;
            float[] chw = new float[3 * plane];
            int base = index * plane;
            for (int p = 0; p < plane; p++) {
                chw[p] = (pixels[base + p] & 0xFF) / 255f;
            }
            // Grey to RGB by replication: encoders take three channels.
            System.arraycopy(chw, 0, chw, plane, plane);
            System.arraycopy(chw, 0, chw, 2 * plane, plane);
            return Sample.of(new Image(3, height, width, chw), new ClassLabel(labels[index] & 0xFF));
        }
    }
}
