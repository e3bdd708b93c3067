package dev.repbench.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files, and Fashion-MNIST folders of them, for tests. */
public final class IdxTestFiles {
    private IdxTestFiles() {
    }

    /** The bytes of an unsigned-byte IDX file of {@code dims} holding {@code values}. */
    public static byte[] idx(int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] {0, 0, 0x08, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code content} to {@code file}, gzipped if {@code gzip}. */
    public static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    /**
     * A Fashion-MNIST folder with {@code train} and {@code test} images of 28 × 28: pixel {@code p} of image {@code i}
     * is {@code (i * 31 + p * 7) mod 256}, label {@code i mod 10}; gzipped files.
     */
    public static Path fashionMnist(Path root, int train, int test) throws IOException {
        for (String prefix : new String[] {"train", "t10k"}) {
            int n = prefix.equals("train") ? train : test;
            byte[] pixels = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < 28 * 28; p++) {
                    pixels[i * 784 + p] = (byte) ((i * 31 + p * 7 + (prefix.equals("t10k") ? 101 : 0)) % 256);
                }
                labels[i] = (byte) (i % 10);
            }
            write(root.resolve(prefix + "-images-idx3-ubyte.gz"), idx(new int[] {n, 28, 28}, pixels), true);
            write(root.resolve(prefix + "-labels-idx1-ubyte.gz"), idx(new int[] {n}, labels), true);
        }
        return root;
    }
}
