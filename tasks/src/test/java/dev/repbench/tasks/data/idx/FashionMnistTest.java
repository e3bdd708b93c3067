package dev.repbench.tasks.data.idx;

import dev.repbench.api.data.Split;
import dev.repbench.api.task.TaskDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {
    @TempDir
    Path temp;

    @Test
    void readsBothSplitsWithLabelsAndPerClassIndexes() throws IOException {
        FashionMnist data = FashionMnist.read(TinyFashionMnist.write(temp.resolve("f"), 30, 20, true));
        assertEquals(30, data.train().size());
        assertEquals(20, data.test().size());
        assertSame(data.train(), data.imagesFor(Split.TRAIN));
        assertSame(data.train(), data.imagesFor(Split.VAL));
        assertSame(data.test(), data.imagesFor(Split.TEST));
        LabelledImages train = data.train();
        assertEquals(28, train.rows());
        assertEquals(28, train.columns());
        assertEquals(10, train.classes());
        assertEquals(7, train.label(17));
        assertEquals(3, train.countOf(7));
        assertEquals(27, train.indexOf(7, 2));
        int bright = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                bright += train.pixel(9, y, x) > 0 ? 1 : 0;
            }
        }
        assertEquals((8 + 18) * (26 - 18), bright, "image 9 (label 9) is a 26x8 rectangle");
        byte[] copy = train.imageBytes(9);
        assertEquals(28 * 28, copy.length);
        assertEquals(train.pixel(9, 14, 14), copy[14 * 28 + 14] & 0xFF);
        copy[0] = (byte) (copy[0] + 1);
        assertNotEquals(copy[0], train.imageBytes(9)[0], "a copy, not the store");
        assertEquals(FashionMnist.FILE_NAMES, data.contentHashes().keySet().stream().sorted(
                java.util.Comparator.comparing(FashionMnist.FILE_NAMES::indexOf)).toList());
    }

    @Test
    void plainAndGzippedCopiesHashAlike() throws IOException {
        FashionMnist gz = FashionMnist.read(TinyFashionMnist.write(temp.resolve("gz"), 30, 20, true));
        FashionMnist plain = FashionMnist.read(TinyFashionMnist.write(temp.resolve("plain"), 30, 20, false));
        assertEquals(gz.contentHashes(), plain.contentHashes());
        FashionMnist other = FashionMnist.read(TinyFashionMnist.write(temp.resolve("other"), 31, 20, false));
        assertNotEquals(gz.contentHashes(), other.contentHashes());
    }

    @Test
    void aMissingFileNamesThePathAndBothFixes() throws IOException {
        Path folder = TinyFashionMnist.write(temp.resolve("f"), 30, 20, true);
        Files.delete(folder.resolve("t10k-labels-idx1-ubyte.gz"));
        TaskDataException e = assertThrows(TaskDataException.class, () -> FashionMnist.read(folder));
        String message = e.getMessage();
        assertTrue(message.contains(folder.resolve("t10k-labels-idx1-ubyte.gz").toString()), message);
        assertTrue(message.contains("apt-get install dataset-fashion-mnist"), message);
        assertTrue(message.contains("--data-root DIR") && message.contains("DIR/fashion-mnist/"), message);
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path folder = TinyFashionMnist.write(temp.resolve("f"), 30, 20, false);
        TinyFashionMnist.write(folder.resolve("train-labels-idx1-ubyte"), TinyFashionMnist.idx(0x801, new byte[29], 29), false);
        TaskDataException e = assertThrows(TaskDataException.class, () -> FashionMnist.read(folder));
        assertEquals(folder.resolve("train-labels-idx1-ubyte"), e.path());
        assertTrue(e.getMessage().contains("29 labels") && e.getMessage().contains("30 images"), e.getMessage());
    }

    @Test
    void labelsOutsideTheTenClassesAreRefused() throws IOException {
        Path folder = TinyFashionMnist.write(temp.resolve("f"), 30, 20, false);
        byte[] labels = new byte[20];
        labels[4] = 10;
        TinyFashionMnist.write(folder.resolve("t10k-labels-idx1-ubyte"), TinyFashionMnist.idx(0x801, labels, 20), false);
        TaskDataException e = assertThrows(TaskDataException.class, () -> FashionMnist.read(folder));
        assertTrue(e.getMessage().contains("label 10 of image 4"), e.getMessage());
    }

    @Test
    void swappedOrMisshapenFilesAreRefused() throws IOException {
        Path folder = TinyFashionMnist.write(temp.resolve("f"), 30, 20, false);
        TinyFashionMnist.write(folder.resolve("train-images-idx3-ubyte"), TinyFashionMnist.idx(0x803, new byte[30 * 32 * 32], 30, 32, 32), false);
        TaskDataException size = assertThrows(TaskDataException.class, () -> FashionMnist.read(folder));
        assertTrue(size.getMessage().contains("28×28") && size.getMessage().contains("train-images"), size.getMessage());

        Path swapped = TinyFashionMnist.write(temp.resolve("s"), 30, 20, false);
        Files.copy(swapped.resolve("t10k-labels-idx1-ubyte"), swapped.resolve("t10k-images-idx3-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TaskDataException e = assertThrows(TaskDataException.class, () -> FashionMnist.read(swapped));
        assertEquals(swapped.resolve("t10k-images-idx3-ubyte"), e.path());
    }

    @Test
    void aDataRootWithoutFashionMnistIsAnErrorNeverDebiansCopyInstead() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root")).toAbsolutePath();
        TaskDataException e = assertThrows(TaskDataException.class, () -> FashionMnist.locate(root));
        assertEquals(root, e.path());
        assertTrue(e.getMessage().contains("fashion-mnist/") && e.getMessage().contains("omit --data-root"), e.getMessage());
        Path own = Files.createDirectories(root.resolve("fashion-mnist"));
        assertEquals(own, FashionMnist.locate(root));
    }

    @Test
    void aFolderHoldingTheFilesIsItsOwnDataRoot() throws IOException {
        Path folder = TinyFashionMnist.write(temp.resolve("files"), 30, 20, true).toAbsolutePath();
        assertEquals(folder, FashionMnist.locate(folder)); // e.g. Debian's folder, the commands' default data root
    }

    @Test
    void sharedReadsAFolderOnceUntilAFileChanges() throws IOException {
        Path folder = TinyFashionMnist.write(temp.resolve("f"), 30, 20, true);
        FashionMnist first = FashionMnist.shared(folder);
        assertSame(first, FashionMnist.shared(folder.resolve(".").resolve("..").resolve("f")));
        Path labels = folder.resolve("train-labels-idx1-ubyte.gz");
        TinyFashionMnist.write(labels, TinyFashionMnist.idx(0x801, new byte[30], 30), true);
        Files.setLastModifiedTime(labels, FileTime.fromMillis(Files.getLastModifiedTime(labels).toMillis() + 5_000));
        FashionMnist reread = FashionMnist.shared(folder);
        assertNotSame(first, reread);
        assertEquals(0, reread.train().label(17));
    }

    /** The real files, from Debian's dataset-fashion-mnist (a documented prerequisite of the test suite). */
    @Test
    void readsTheRealDatasetFromDebiansLocation() {
        FashionMnist data = FashionMnist.shared(Path.of(FashionMnist.DEBIAN_FOLDER));
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, data.train().countOf(c));
            assertEquals(1_000, data.test().countOf(c));
        }
        assertEquals(9, data.train().label(0), "the first training image is an ankle boot");
        assertEquals(9, data.test().label(0), "so is the first test image");
    }
}
