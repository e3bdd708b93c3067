package dev.repbench.tasks.data.idx;

import dev.repbench.api.task.TaskDataException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file of unsigned bytes, read whole into memory: a big-endian header (magic {@code 0x000008NN}, where
 * {@code 08} is the unsigned-byte type and {@code NN} the number of dimensions; then one 32-bit size per
 * dimension) followed by the values in row-major order. MNIST-style image files have magic {@code 0x00000803}
 * (count, rows, columns), label files {@code 0x00000801} (count). Gzipped files are recognised by their own
 * magic bytes, whatever their name.
 *
 * <p>The values stay one {@code byte[]}, the smallest form (Fashion-MNIST's training images are 47 MB); read them
 * with {@link #unsignedByte(int)}. Instances are immutable and safe to share between threads.
 */
public final class IdxFile {
    /** The IDX type code of unsigned bytes, the only type MNIST-style datasets use. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** What a valid file looks like, for error messages. */
    public static final String LAYOUT = "an IDX file of unsigned bytes, plain or gzipped: big-endian magic 0x000008NN "
            + "(NN = number of dimensions; 0x00000803 for images, 0x00000801 for labels), one 32-bit size per "
            + "dimension, then exactly that many bytes";

    private static final int MAX_RANK = 8;

    private final Path path;
    private final int[] dimensions;
    private final byte[] values;
    private final String contentSha256;

    private IdxFile(Path path, int[] dimensions, byte[] values, String contentSha256) {
        this.path = path;
        this.dimensions = dimensions;
        this.values = values;
        this.contentSha256 = contentSha256;
    }

    /**
     * Reads and validates a file.
     *
     * @param file a plain or gzipped IDX file
     * @return its contents
     * @throws TaskDataException naming the file if it is missing, unreadable, not IDX, of another type than
     *                           unsigned bytes, truncated, or longer than its header says
     */
    public static IdxFile read(Path file) {
        Objects.requireNonNull(file, "file");
        MessageDigest sha256 = newSha256();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(new DigestInputStream(decompressIfGzipped(raw), sha256))) {
            int magic = readHeaderInt(file, in, "magic number");
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UNSIGNED_BYTE) {
                throw new TaskDataException(file, String.format("not an IDX file of unsigned bytes (magic 0x%08X)", magic), LAYOUT);
            }
            int rank = magic & 0xFF;
            if (rank < 1 || rank > MAX_RANK) {
                throw new TaskDataException(file, "IDX header declares " + rank + " dimensions", LAYOUT);
            }
            int[] dimensions = new int[rank];
            long count = 1;
            for (int d = 0; d < rank; d++) {
                dimensions[d] = readHeaderInt(file, in, "size of dimension " + d);
                if (dimensions[d] < 0) {
                    throw new TaskDataException(file, "IDX dimension " + d + " is negative (" + dimensions[d] + ")", LAYOUT);
                }
                count *= dimensions[d];
                if (count > Integer.MAX_VALUE - 16) {
                    throw new TaskDataException(file, "IDX data too large for one array (" + count + "+ values)", LAYOUT);
                }
            }
            byte[] values = new byte[(int) count];
            int read = in.readNBytes(values, 0, values.length);
            if (read < values.length) {
                throw new TaskDataException(file, "truncated: the header promises " + values.length
                        + " bytes of data but the file holds " + read, LAYOUT);
            }
            if (in.read() >= 0) {
                throw new TaskDataException(file, "longer than its header says (more than " + values.length
                        + " bytes of data)", LAYOUT);
            }
            return new IdxFile(file, dimensions, values, HexFormat.of().formatHex(sha256.digest()));
        } catch (NoSuchFileException e) {
            throw new TaskDataException(file, "no such file", LAYOUT, e);
        } catch (EOFException e) {
            // The plain reads above stop at the end themselves; an EOF thrown here comes from a gzip stream cut short.
            throw new TaskDataException(file, "truncated: its gzip stream ends early (an interrupted download or copy?)",
                    LAYOUT, e);
        } catch (IOException e) {
            // Corrupt gzip streams land here too (ZipException: bad headers or checksums).
            throw new TaskDataException(file, "cannot read (" + e.getMessage() + ")", LAYOUT, e);
        }
    }

    private static InputStream decompressIfGzipped(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static int readHeaderInt(Path file, DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new TaskDataException(file, "truncated: the file ends inside the IDX header (" + what + ")", LAYOUT, e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return the file this was read from */
    public Path path() {
        return path;
    }

    /** @return the number of dimensions */
    public int rank() {
        return dimensions.length;
    }

    /**
     * @param d a dimension, {@code 0..rank()-1}
     * @return its size
     */
    public int dimension(int d) {
        return dimensions[Objects.checkIndex(d, dimensions.length)];
    }

    /** @return the number of values, the product of the dimensions */
    public int length() {
        return values.length;
    }

    /**
     * @param index a row-major position, {@code 0..length()-1}
     * @return the value there, 0..255
     */
    public int unsignedByte(int index) {
        return values[index] & 0xFF;
    }

    /**
     * The values themselves, not a copy (they are large): callers must not modify them.
     *
     * @return the row-major values as signed bytes; mask with {@code 0xFF}
     */
    byte[] values() {
        return values;
    }

    /**
     * The lower-case hex SHA-256 of the decompressed content (header and data), so a gzipped and a plain copy
     * of the same data hash alike, whatever gzip level made the archive.
     *
     * @return the content hash
     */
    public String contentSha256() {
        return contentSha256;
    }
}
