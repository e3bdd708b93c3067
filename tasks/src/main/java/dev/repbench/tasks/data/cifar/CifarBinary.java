package dev.repbench.tasks.data.cifar;

import dev.repbench.api.data.Image;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of CIFAR-100's binary version ({@code train.bin}, {@code test.bin}): fixed-size records of one coarse-label
 * byte, one fine-label byte and 3,072 pixel bytes (the red, green and blue planes of a 32 × 32 image, row-major).
 * Records are read on demand with positional reads, so any thread may read any record.
 */
public final class CifarBinary {
    /** Bytes of one 32 × 32 × 3 image. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;
    /** Bytes of one record. */
    public static final int RECORD_BYTES = 2 + IMAGE_BYTES;

    private final Path file;
    private final int records;

    private CifarBinary(Path file, int records) {
        this.file = file;
        this.records = records;
    }

    /**
     * @param file a {@code .bin} file
     * @return the file, its size checked to be a whole number of records
     * @throws IOException if the size cannot be read
     * @throws IllegalArgumentException if the size is not a positive multiple of {@value #RECORD_BYTES}
     */
    public static CifarBinary open(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0 || size % RECORD_BYTES != 0) {
            throw new IllegalArgumentException(size + " bytes is not a whole number of " + RECORD_BYTES
                    + "-byte CIFAR-100 records (1 coarse label, 1 fine label, 3072 pixels)");
        }
        return new CifarBinary(file, Math.toIntExact(size / RECORD_BYTES));
    }

    /** @return the number of records */
    public int size() {
        return records;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * @param index a record
     * @return its fine label (0..99) and image
     * @throws IOException if the record cannot be read
     */
    public Record read(int index) throws IOException {
        java.util.Objects.checkIndex(index, records);
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = (long) index * RECORD_BYTES;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("file ended inside record " + index);
                }
            }
        }
        byte[] bytes = buffer.array();
        float[] pixels = new float[IMAGE_BYTES];
        for (int i = 0; i < IMAGE_BYTES; i++) {
            pixels[i] = (bytes[2 + i] & 0xFF) / 255f;
        }
        return new Record(bytes[0] & 0xFF, bytes[1] & 0xFF, new Image(3, 32, 32, pixels));
    }

    /**
     * One record.
     *
     * @param coarseLabel the superclass, 0..19
     * @param fineLabel   the class, 0..99
     * @param image       the image
     */
    public record Record(int coarseLabel, int fineLabel, Image image) {
    }
}
