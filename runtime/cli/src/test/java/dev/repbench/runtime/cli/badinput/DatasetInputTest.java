package dev.repbench.runtime.cli.badinput;

import static dev.repbench.runtime.cli.badinput.UserRun.FAILURE;
import static dev.repbench.runtime.cli.badinput.UserRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.pretrain.FixtureAlgorithm;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad datasets given to {@code repbench pretrain} (Fashion-MNIST's IDX files under {@code --data-root}, or a folder
 * of images as {@code --dataset}): each is refused on one line naming the file and the fix, with exit code 1, before
 * anything is trained or written — the run's folder is not even created, and the data is left as it was. The IDX
 * reader's own refusals are unit-tested in {@code IdxFileTest}, {@code FashionMnistTest} and
 * {@code FashionMnistSplitsTest}.
 */
class DatasetInputTest {
    @TempDir
    Path temp;
    private Path out;
    private Path none;

    @BeforeEach
    void folders() throws IOException {
        out = temp.resolve("run");
        none = Files.createDirectories(temp.resolve("no-plugins"));
    }

    /** {@code repbench pretrain} of the test fixture algorithm for one epoch into {@code out}. */
    private UserRun pretrain(String... dataOptions) {
        List<String> args = new ArrayList<>(List.of("--threads", "2", "--plugins", none.toString(), "pretrain",
                "--algorithm", FixtureAlgorithm.NAME, "--epochs", "1", "--set", "image-side=32", "--out", out.toString(),
                "--progress", "none"));
        args.addAll(List.of(dataOptions));
        return run(args.toArray(String[]::new));
    }

    /** A data root holding a small Fashion-MNIST in its {@code fashion-mnist/} folder. */
    private Path fashionMnist() throws IOException {
        return IdxTestFiles.fashionMnist(temp.resolve("data/fashion-mnist"), 40, 10).getParent();
    }

    @Test
    void fashionMnistFilesMissing() throws IOException {
        Path root = Files.createDirectories(temp.resolve("empty-root"));
        Unchanged written = Unchanged.of(root, out);
        pretrain("--data-root", root.toString()).assertRefused(FAILURE, root.toString(), "the data root has no fashion-mnist/ folder",
                "expected a data root with fashion-mnist/ holding train-images-idx3-ubyte", "omit --data-root");
        written.assertUnchanged();
    }

    @Test
    void aTruncatedIdxFile() throws IOException {
        Path root = fashionMnist();
        Path images = root.resolve("fashion-mnist/train-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));
        Unchanged written = Unchanged.of(root, out);
        pretrain("--data-root", root.toString()).assertRefused(FAILURE, "truncated", images.toString(),
                "an IDX file of unsigned bytes");
        written.assertUnchanged();
    }

    @Test
    void aCorruptIdxFile() throws IOException {
        Path root = fashionMnist();
        Path labels = root.resolve("fashion-mnist/train-labels-idx1-ubyte.gz");
        IdxTestFiles.write(labels, "this is not an IDX file at all".getBytes(StandardCharsets.US_ASCII), true);
        Unchanged written = Unchanged.of(root, out);
        pretrain("--data-root", root.toString()).assertRefused(FAILURE, "not an IDX file of unsigned bytes", labels.toString());
        written.assertUnchanged();
    }

    @Test
    void aLabelFileShorterThanItsImages() throws IOException {
        Path root = fashionMnist();
        Path labels = root.resolve("fashion-mnist/train-labels-idx1-ubyte.gz");
        IdxTestFiles.write(labels, IdxTestFiles.idx(new int[] {30}, new byte[30]), true);
        Unchanged written = Unchanged.of(root, out);
        pretrain("--data-root", root.toString()).assertRefused(FAILURE, labels + " — expected",
                "holds 30 labels but train-images-idx3-ubyte.gz holds 40 images");
        written.assertUnchanged();
    }

    @Test
    void aCorruptImageAmongManyInAFolder() throws IOException {
        Path folder = imageFolder(temp.resolve("garments"), 60);
        Path corrupt = folder.resolve("class-2/img-017.png");
        Files.writeString(corrupt, "<html>a saved web page, not an image</html>");
        Unchanged written = Unchanged.of(folder, out);
        pretrain("--dataset", folder.toString()).assertRefused(FAILURE, corrupt.toString(),
                "not an image format this JVM can decode", "replace or remove it");
        written.assertUnchanged();
    }

    @Test
    void aTruncatedImageAmongManyInAFolder() throws IOException {
        Path folder = imageFolder(temp.resolve("garments"), 60);
        Path cut = folder.resolve("class-2/img-041.png");
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length - 20));
        Unchanged written = Unchanged.of(folder, out);
        pretrain("--dataset", folder.toString()).assertRefused(FAILURE, "a PNG image cut short", cut.toString(),
                "replace or remove it");
        written.assertUnchanged();
    }

    @Test
    void anEmptyImageFolder() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("nothing-here"));
        Files.writeString(folder.resolve("README.txt"), "images go here\n");
        Unchanged written = Unchanged.of(folder, out);
        pretrain("--dataset", folder.toString()).assertRefused(FAILURE, "dataset folder holds no .png, .jpg or .jpeg files",
                folder.toString());
        written.assertUnchanged();
    }

    @Test
    void anImageFolderThatDoesNotExist() {
        Path folder = temp.resolve("typo");
        Unchanged written = Unchanged.of(out);
        pretrain("--dataset", folder.toString()).assertRefused(FAILURE, "no such dataset folder", folder.toString());
        written.assertUnchanged();
    }

    /** A misspelt dataset name reads as a folder that does not exist; the message lists the names known. */
    @Test
    void aMisspeltDatasetName() {
        Unchanged written = Unchanged.of(out);
        pretrain("--dataset", "fashion-mnist-scene").assertRefused(FAILURE, "no such dataset folder", "fashion-mnist-scene",
                "(or --dataset fashion-mnist, fashion-mnist-scenes, task:NAME)");
        written.assertUnchanged();
    }

    /** Not bad input: every image is brought to the training side and to RGB, whatever its size and colour mode. */
    @Test
    void imagesOfMixedSizesAndModesAreAccepted() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("mixed/all"));
        int[] pngTypes = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_BINARY};
        int[] jpegTypes = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB};
        int written = 0;
        for (int[] types : new int[][] {pngTypes, jpegTypes}) {
            String format = types == pngTypes ? "png" : "jpeg";
            for (int type : types) {
                BufferedImage image = new BufferedImage(12 + 7 * written, 40 - 3 * written, type);
                image.setRGB(written, written, 0xFF3366CC);
                assertTrue(ImageIO.write(image, format, folder.resolve("img-" + written++ + "." + format).toFile()));
            }
        }
        writeCmykJpeg(folder.resolve("img-cmyk.jpg"));
        UserRun r = pretrain("--dataset", folder.getParent().toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains((written + 1) + " images"), r.out());
        r.assertNoStackTrace();
    }

    /** A four-channel (CMYK) JPEG, as print workflows and a few ImageNet photos have them. */
    private static void writeCmykJpeg(Path file) throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 24, 4, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
    }

    /** {@code count} 20×20 PNGs spread over three class folders: the images a user collected, all fine. */
    private static Path imageFolder(Path root, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = root.resolve("class-" + (i % 3)).resolve(String.format("img-%03d.png", i));
            Files.createDirectories(file.getParent());
            BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
            image.setRGB(i % 20, (i * 7) % 20, 0xFFFFFF);
            ImageIO.write(image, "png", file.toFile());
        }
        return root;
    }
}
