package dev.repbench.tasks.data.idx;

import dev.repbench.api.data.Split;
import dev.repbench.api.task.TaskDataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 training and 10,000 test grey 28×28 images of garments in
 * ten classes, as four IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or with {@code .gz}; the gzipped
 * name is tried first).
 *
 * <p><b>Where the files are looked for</b> ({@link #locate}): {@code <data-root>/fashion-mnist/} if that folder
 * exists, else the data root itself if it holds the files — which is the case of the commands' default data root,
 * {@value #DEBIAN_FOLDER}, where Debian's {@code dataset-fashion-mnist} package installs them. Anything else is an
 * error naming the folder: a data root given by the user is never silently replaced by Debian's copy, so a user who
 * points RepBench at their own Fashion-MNIST is scored on it or told why not.
 *
 * <p>{@link #shared} reads each folder once per process: the whole battery opens the same 55 MB of bytes.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final String DEBIAN_FOLDER = "/usr/share/datasets/fashion-mnist";

    /** The subfolder of a data root that holds the files. */
    public static final String DATA_ROOT_FOLDER = "fashion-mnist";

    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The image side in pixels. */
    public static final int SIDE = 28;

    /** The four files' names without {@code .gz}, in the order their hashes enter a manifest. */
    public static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final String FIX = "the four Fashion-MNIST files " + String.join(", ", FILE_NAMES)
            + " (each plain or .gz) — install them with `apt-get install dataset-fashion-mnist` (into "
            + DEBIAN_FOLDER + "), or pass `--data-root DIR` with the files in DIR/" + DATA_ROOT_FOLDER + "/";

    private static final Map<CacheKey, FashionMnist> CACHE = new ConcurrentHashMap<>();

    private final Path folder;
    private final LabelledImages train;
    private final LabelledImages test;
    private final Map<String, String> contentHashes;

    private FashionMnist(Path folder, LabelledImages train, LabelledImages test, Map<String, String> contentHashes) {
        this.folder = folder;
        this.train = train;
        this.test = test;
        this.contentHashes = contentHashes;
    }

    /**
     * The folder to read from, by the rule in the class comment.
     *
     * @param dataRoot the run's data root
     * @return {@code dataRoot/fashion-mnist} if it is a folder, else {@code dataRoot} if it holds the files
     * @throws TaskDataException naming the data root and the layout expected, when neither holds them
     */
    public static Path locate(Path dataRoot) {
        Path root = Objects.requireNonNull(dataRoot, "dataRoot").toAbsolutePath().normalize();
        Path own = root.resolve(DATA_ROOT_FOLDER);
        if (Files.isDirectory(own)) {
            return own;
        }
        if (holdsFiles(root)) {
            return root;
        }
        throw new TaskDataException(root, "the data root has no " + DATA_ROOT_FOLDER + "/ folder and holds no"
                + " Fashion-MNIST files itself", "a data root with " + DATA_ROOT_FOLDER + "/ holding " + String.join(", ",
                FILE_NAMES) + " (each plain or .gz); omit --data-root (or data-root: in a spec) to read Debian's"
                + " dataset-fashion-mnist from " + DEBIAN_FOLDER + " (apt-get install dataset-fashion-mnist)");
    }

    /** @return whether {@code folder} holds Fashion-MNIST's first file, plain or gzipped */
    private static boolean holdsFiles(Path folder) {
        String first = FILE_NAMES.getFirst();
        return Files.isRegularFile(folder.resolve(first + ".gz")) || Files.isRegularFile(folder.resolve(first));
    }

    /**
     * Reads the folder, or returns this process's earlier reading of it if none of its files changed since.
     *
     * @param folder a folder with the four files
     * @return the dataset
     * @throws TaskDataException as {@link #read}
     */
    public static FashionMnist shared(Path folder) {
        CacheKey key = CacheKey.of(folder);
        return CACHE.computeIfAbsent(key, k -> read(folder));
    }

    /**
     * Reads and validates the four files.
     *
     * @param folder a folder with the four files
     * @return the dataset
     * @throws TaskDataException naming the file at fault: missing, not IDX, truncated, not 28×28 images,
     *                           a label outside 0..9, or image and label counts that differ
     */
    public static FashionMnist read(Path folder) {
        Objects.requireNonNull(folder, "folder");
        Map<String, String> hashes = new LinkedHashMap<>();
        LabelledImages train = readSplit(folder, FILE_NAMES.get(0), FILE_NAMES.get(1), hashes);
        LabelledImages test = readSplit(folder, FILE_NAMES.get(2), FILE_NAMES.get(3), hashes);
        return new FashionMnist(folder, train, test, Map.copyOf(hashes));
    }

    private static LabelledImages readSplit(Path folder, String imageName, String labelName, Map<String, String> hashes) {
        IdxFile images = IdxFile.read(find(folder, imageName));
        IdxFile labels = IdxFile.read(find(folder, labelName));
        if (images.rank() != 3 || images.dimension(1) != SIDE || images.dimension(2) != SIDE) {
            throw new TaskDataException(images.path(), "not a file of 28×28 images (magic 0x00000803 with sizes "
                    + "count, 28, 28)", FIX);
        }
        if (labels.rank() != 1) {
            throw new TaskDataException(labels.path(), "not a label file (magic 0x00000801 with one size)", FIX);
        }
        if (images.dimension(0) != labels.dimension(0)) {
            throw new TaskDataException(labels.path(), "holds " + labels.dimension(0) + " labels but "
                    + images.path().getFileName() + " holds " + images.dimension(0) + " images", FIX);
        }
        for (int i = 0; i < labels.length(); i++) {
            if (labels.unsignedByte(i) >= CLASS_NAMES.size()) {
                throw new TaskDataException(labels.path(), "label " + labels.unsignedByte(i) + " of image " + i
                        + " is not a Fashion-MNIST class (0..9)", FIX);
            }
        }
        hashes.put(imageName, images.contentSha256());
        hashes.put(labelName, labels.contentSha256());
        return new LabelledImages(SIDE, SIDE, images.values(), labels.values(), CLASS_NAMES.size());
    }

    private static Path find(Path folder, String name) {
        Path gz = folder.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = folder.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new TaskDataException(gz, "no Fashion-MNIST file " + name + "(.gz) in " + folder, FIX);
    }

    /** @return the folder read */
    public Path folder() {
        return folder;
    }

    /** @return the 60,000 training images (for the real dataset) */
    public LabelledImages train() {
        return train;
    }

    /** @return the 10,000 test images (for the real dataset) */
    public LabelledImages test() {
        return test;
    }

    /**
     * The images a task's split is built from: TRAIN and VAL from the training file, TEST from the test file,
     * so no test garment is ever seen in training.
     *
     * @param split a task split
     * @return the images it draws from
     */
    public LabelledImages imagesFor(Split split) {
        return split == Split.TEST ? test : train;
    }

    /**
     * SHA-256 of each file's decompressed content, by the names in {@link #FILE_NAMES}: equal for a gzipped and
     * a plain copy of the same data.
     *
     * @return file name (without {@code .gz}) to lower-case hex hash
     */
    public Map<String, String> contentHashes() {
        return contentHashes;
    }

    /** Identifies a folder's files as they are now, so an edited file is read again. */
    private record CacheKey(Path folder, List<String> stamps) {
        static CacheKey of(Path folder) {
            Path absolute = folder.toAbsolutePath().normalize();
            List<String> stamps = FILE_NAMES.stream().map(name -> stamp(absolute, name)).toList();
            return new CacheKey(absolute, stamps);
        }

        private static String stamp(Path folder, String name) {
            for (Path candidate : List.of(folder.resolve(name + ".gz"), folder.resolve(name))) {
                try {
                    BasicFileAttributes a = Files.readAttributes(candidate, BasicFileAttributes.class);
                    return candidate.getFileName() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
                } catch (IOException absent) {
                    // try the other name; read() reports a file that is missing under both
                }
            }
            return name + ":absent";
        }
    }
}
