package dev.repbench.tasks.data.idx;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small Fashion-MNIST look-alikes for tests: image {@code i} of a split has label {@code i % 10} and shows a
 * bright rectangle whose shape depends on the label, on black. {@link Random} is used because its algorithm is
 * specified, so the files are the same on every JDK.
 */
public final class TinyFashionMnist {
    private TinyFashionMnist() {
    }

    /**
     * Writes the four files into {@code folder}.
     *
     * @param folder     created if absent
     * @param trainCount training images
     * @param testCount  test images
     * @param gzipped    whether to write {@code .gz} files
     * @return {@code folder}
     */
    public static Path write(Path folder, int trainCount, int testCount, boolean gzipped) throws IOException {
        Files.createDirectories(folder);
        writeSplit(folder, "train", trainCount, 1, gzipped);
        writeSplit(folder, "t10k", testCount, 2, gzipped);
        return folder;
    }

    private static void writeSplit(Path folder, String prefix, int count, long seed, boolean gzipped) throws IOException {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            int height = 8 + 2 * label;
            int width = 26 - 2 * label;
            int top = random.nextInt(28 - height + 1);
            int left = random.nextInt(28 - width + 1);
            int grey = 120 + random.nextInt(136);
            for (int y = top; y < top + height; y++) {
                for (int x = left; x < left + width; x++) {
                    pixels[(i * 28 + y) * 28 + x] = (byte) grey;
                }
            }
        }
        write(folder.resolve(prefix + "-images-idx3-ubyte" + (gzipped ? ".gz" : "")), idx(0x803, pixels, count, 28, 28), gzipped);
        write(folder.resolve(prefix + "-labels-idx1-ubyte" + (gzipped ? ".gz" : "")), idx(0x801, labels, count), gzipped);
    }

    /**
     * @param magic      the header's magic number
     * @param data       the values
     * @param dimensions the sizes written after the magic
     * @return the IDX bytes
     */
    public static byte[] idx(int magic, byte[] data, int... dimensions) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dimensions) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** Writes bytes to a file, gzipped or not. */
    public static Path write(Path file, byte[] content, boolean gzipped) throws IOException {
        try (OutputStream out = gzipped ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
