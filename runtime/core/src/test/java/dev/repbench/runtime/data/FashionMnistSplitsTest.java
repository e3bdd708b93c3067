package dev.repbench.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.task.TaskDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistSplitsTest {
    @TempDir
    Path temp;

    @Test
    void samplesAreGreyReplicatedToThreeChannelsWithTheirLabels() throws IOException {
        Path root = IdxTestFiles.fashionMnist(temp.resolve("fm"), 12, 4);
        try (FashionMnistSplits data = FashionMnistSplits.open(root)) {
            SampleSource train = data.split(Split.TRAIN);
            assertEquals(12, train.size());
            assertEquals(4, data.split(Split.TEST).size());
            assertEquals(0, data.split(Split.VAL).size());
            Sample s = train.get(11);
            Image image = s.image();
            assertEquals(3, image.channels());
            assertEquals(28, image.height());
            assertEquals(new ClassLabel(1), s.target());
            float[] pixels = image.pixels();
            assertEquals(((11 * 31 + 5 * 7) % 256) / 255f, pixels[5]);
            assertArrayEquals(Arrays.copyOfRange(pixels, 0, 784), Arrays.copyOfRange(pixels, 784, 1568));
            assertArrayEquals(Arrays.copyOfRange(pixels, 0, 784), Arrays.copyOfRange(pixels, 1568, 2352));
            assertThrows(IndexOutOfBoundsException.class, () -> train.get(12));
        }
    }

    @Test
    void theManifestHashIsStableAndFollowsTheData() throws IOException {
        Path root = IdxTestFiles.fashionMnist(temp.resolve("fm"), 3, 2);
        String first;
        try (FashionMnistSplits data = FashionMnistSplits.open(root)) {
            first = data.manifestHash();
            assertTrue(first.matches("[0-9a-f]{64}"), first);
        }
        try (FashionMnistSplits again = FashionMnistSplits.open(root)) {
            assertEquals(first, again.manifestHash());
        }
        IdxTestFiles.fashionMnist(root, 3, 3);
        try (FashionMnistSplits changed = FashionMnistSplits.open(root)) {
            assertNotEquals(first, changed.manifestHash());
        }
    }

    @Test
    void aMissingFolderOrFileNamesThePathAndTheDebianPackage() throws IOException {
        TaskDataException noFolder = assertThrows(TaskDataException.class, () -> FashionMnistSplits.open(temp.resolve("absent")));
        assertTrue(noFolder.getMessage().contains(temp.resolve("absent").toString()), noFolder.getMessage());
        assertTrue(noFolder.getMessage().contains("apt-get install dataset-fashion-mnist"), noFolder.getMessage());

        Path root = IdxTestFiles.fashionMnist(temp.resolve("fm"), 3, 2);
        Files.delete(root.resolve("t10k-labels-idx1-ubyte.gz"));
        TaskDataException noFile = assertThrows(TaskDataException.class, () -> FashionMnistSplits.open(root));
        assertTrue(noFile.getMessage().contains(root.resolve("t10k-labels-idx1-ubyte.gz").toString()), noFile.getMessage());
        assertTrue(noFile.getMessage().contains("dataset-fashion-mnist"), noFile.getMessage());
    }

    @Test
    void plainFilesAreReadAndLabelCountsAreChecked() throws IOException {
        Path root = temp.resolve("plain");
        IdxTestFiles.write(root.resolve("train-images-idx3-ubyte"), IdxTestFiles.idx(new int[] {2, 28, 28}, new byte[2 * 784]), false);
        IdxTestFiles.write(root.resolve("train-labels-idx1-ubyte"), IdxTestFiles.idx(new int[] {3}, new byte[] {1, 2, 3}), false);
        IdxTestFiles.write(root.resolve("t10k-images-idx3-ubyte"), IdxTestFiles.idx(new int[] {1, 28, 28}, new byte[784]), false);
        IdxTestFiles.write(root.resolve("t10k-labels-idx1-ubyte"), IdxTestFiles.idx(new int[] {1}, new byte[] {9}), false);
        TaskDataException e = assertThrows(TaskDataException.class, () -> FashionMnistSplits.open(root));
        assertTrue(e.getMessage().contains("holds 3 labels but train-images-idx3-ubyte holds 2 images"), e.getMessage());

        IdxTestFiles.write(root.resolve("train-labels-idx1-ubyte"), IdxTestFiles.idx(new int[] {2}, new byte[] {1, 2}), false);
        try (FashionMnistSplits data = FashionMnistSplits.open(root)) {
            assertEquals(new ClassLabel(9), data.split(Split.TEST).get(0).target());
            assertEquals(2, data.split(Split.TRAIN).size());
        }
    }
}
