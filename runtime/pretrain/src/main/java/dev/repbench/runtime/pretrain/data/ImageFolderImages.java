package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.data.Image;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.tasks.data.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of PNG and JPEG files, decoded with {@link ImageIO} to RGB. With sub-folders, each sub-folder is a class
 * (labels in sorted name order) and holds that class's images; without, the folder's own images are unlabelled.
 * Files are taken in sorted path order, so the same folder always lists the same way.
 */
final class ImageFolderImages implements ImageSource {
    /** The prefix of a folder's source name in manifests. */
    static final String PREFIX = "folder:";
    private static final String LAYOUT = "a folder of .png/.jpg/.jpeg files, or of one sub-folder of them per class";

    private final Path root;
    private final List<String> classNames;
    private final List<String> items;
    private final int[] labels;

    private ImageFolderImages(Path root, List<String> classNames, List<String> items, int[] labels) {
        this.root = root;
        this.classNames = List.copyOf(classNames);
        this.items = List.copyOf(items);
        this.labels = labels;
    }

    /**
     * Lists the folder.
     *
     * @throws TaskDataException if it is not a folder, holds no images, or mixes images and class sub-folders
     */
    static ImageFolderImages open(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new TaskDataException(root, "no such dataset folder", LAYOUT
                    + " (or --dataset " + String.join(", ", TrainingSet.NAMED) + ", task:NAME)");
        }
        List<Path> subfolders = list(root).stream().filter(Files::isDirectory).toList();
        List<Path> ownImages = imagesIn(root);
        List<String> classNames = new ArrayList<>();
        List<String> items = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (subfolders.isEmpty()) {
            ownImages.forEach(p -> {
                items.add(root.relativize(p).toString());
                labels.add(-1);
            });
        } else {
            if (!ownImages.isEmpty()) {
                throw new TaskDataException(root, "dataset folder holds both images (" + ownImages.getFirst().getFileName()
                        + ") and class sub-folders", LAYOUT + "; move the images into a sub-folder");
            }
            for (Path sub : subfolders) {
                int label = classNames.size();
                classNames.add(sub.getFileName().toString());
                for (Path p : imagesIn(sub)) {
                    items.add(root.relativize(p).toString().replace('\\', '/'));
                    labels.add(label);
                }
            }
        }
        if (items.isEmpty()) {
            throw new TaskDataException(root, "dataset folder holds no .png, .jpg or .jpeg files"
                    + (subfolders.isEmpty() ? "" : " in its sub-folders"), LAYOUT);
        }
        return new ImageFolderImages(root, classNames, items, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new TaskDataException(folder, "cannot list the folder (" + e.getMessage() + ")", "a readable folder", e);
        }
    }

    private static List<Path> imagesIn(Path folder) {
        return list(folder).stream().filter(Files::isRegularFile).filter(ImageFolderImages::isImageFile).toList();
    }

    private static boolean isImageFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    /** {@code folder:NAME}, the folder's own name: the manifest must not depend on where the folder sits. */
    @Override
    public String name() {
        return PREFIX + root.getFileName();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public String item(int index) {
        return items.get(index);
    }

    @Override
    public Image image(int index) {
        Path file = root.resolve(items.get(index));
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new TaskDataException(file, "cannot decode the image (" + e.getMessage() + ")", "a PNG or JPEG file; replace or remove it", e);
        }
        if (decoded == null) {
            throw new TaskDataException(file, "not a PNG or JPEG image", "a PNG or JPEG file; replace or remove it");
        }
        return rgb(decoded);
    }

    /** The image as RGB in [0, 1], CHW; grey and palette images are expanded, alpha is dropped. */
    static Image rgb(BufferedImage decoded) {
        int height = decoded.getHeight();
        int width = decoded.getWidth();
        int plane = height * width;
        float[] chw = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int argb = decoded.getRGB(x, y);
                int p = y * width + x;
                chw[p] = ((argb >> 16) & 0xFF) / 255f;
                chw[plane + p] = ((argb >> 8) & 0xFF) / 255f;
                chw[2 * plane + p] = (argb & 0xFF) / 255f;
            }
        }
        return new Image(3, height, width, chw);
    }

    /**
     * The file's hash, for the manifest; the file is also checked to be an image this JVM decodes, so a damaged file
     * among many is named when the manifest is built, before training, not when an epoch reaches it.
     */
    @Override
    public String sha256(int index) {
        Path file = root.resolve(items.get(index));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TaskDataException(file, "cannot read the image (" + e.getMessage() + ")", "a readable file", e);
        }
        ImageFiles.checkDecodable(file, bytes, "a PNG or JPEG file; replace or remove it");
        return Sha256.of(bytes);
    }
}
