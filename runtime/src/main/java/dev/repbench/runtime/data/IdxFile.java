package dev.repbench.runtime.data;

import dev.repbench.api.task.TaskDataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file (the format of MNIST and Fashion-MNIST), read whole into memory: a big-endian header — two zero
 * bytes, a type code, the number of dimensions, then each dimension as a 32-bit integer — followed by the values in
 * C order. Only unsigned bytes (type {@code 0x08}), which image and label files use, are supported. A file starting
 * with gzip's magic is decompressed on the fly.
 *
 * @param dimensions the sizes, outermost first (e.g. {@code [60000, 28, 28]})
 * @param values     the unsigned bytes, C order
 */
public record IdxFile(int[] dimensions, byte[] values) {
    /** The type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMENSIONS = 8;

    public IdxFile {
        dimensions = dimensions.clone();
    }

    /**
     * Reads {@code file}, gzipped or plain.
     *
     * @param expectedDimensions how many dimensions the caller needs (3 for images, 1 for labels)
     * @throws TaskDataException naming the file and the problem: missing, unreadable, bad magic, unsupported type,
     *                           wrong number of dimensions, truncated, or trailing data
     */
    public static IdxFile read(Path file, int expectedDimensions) {
        String layout = "an IDX file of unsigned bytes with " + expectedDimensions + " dimension"
                + (expectedDimensions == 1 ? "" : "s") + " (gzipped or plain), as MNIST and Fashion-MNIST ship them";
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(gunzipIfCompressed(raw))) {
            int zero1 = in.readUnsignedByte();
            int zero2 = in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int rank = in.readUnsignedByte();
            if (zero1 != 0 || zero2 != 0) {
                throw new TaskDataException(file, String.format("bad magic number 0x%02x%02x%02x%02x (an IDX file starts with"
                        + " two zero bytes)", zero1, zero2, type, rank), layout);
            }
            if (type != UNSIGNED_BYTE) {
                throw new TaskDataException(file, String.format("IDX type code 0x%02x is not supported (only 0x08,"
                        + " unsigned bytes)", type), layout);
            }
            if (rank != expectedDimensions || rank > MAX_DIMENSIONS) {
                throw new TaskDataException(file, "the IDX header declares " + rank + " dimensions, expected "
                        + expectedDimensions, layout);
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new TaskDataException(file, "dimension " + i + " is negative (" + dims[i] + ")", layout);
                }
                total *= dims[i];
                if (total > Integer.MAX_VALUE - 16) {
                    throw new TaskDataException(file, "the IDX header declares " + Arrays.toString(dims)
                            + ", too many values to hold in memory", layout);
                }
            }
            byte[] values = new byte[(int) total];
            int read = in.readNBytes(values, 0, values.length);
            if (read < values.length) {
                throw new TaskDataException(file, "truncated: the header declares " + Arrays.toString(dims) + " = " + total
                        + " values, the file holds " + read, layout + " (re-download or reinstall it)");
            }
            if (in.read() != -1) {
                throw new TaskDataException(file, "more data than the header declares (" + Arrays.toString(dims) + ")", layout);
            }
            return new IdxFile(dims, values);
        } catch (NoSuchFileException e) {
            throw new TaskDataException(file, "no such file", layout, e);
        } catch (EOFException | ZipException e) {
            throw new TaskDataException(file, "truncated or corrupt (" + e.getMessage() + ")", layout
                    + " (re-download or reinstall it)", e);
        } catch (IOException e) {
            throw new TaskDataException(file, "cannot read it (" + e.getMessage() + ")", layout, e);
        }
    }

    /** A gzip stream when the data starts with gzip's magic {@code 1f 8b}, otherwise the stream itself. */
    private static InputStream gunzipIfCompressed(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** The number of items along the first dimension. */
    public int count() {
        return dimensions.length == 0 ? 0 : dimensions[0];
    }

    /** The dimensions, outermost first. */
    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && Arrays.equals(dimensions, f.dimensions) && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dimensions) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dimensions);
    }
}
