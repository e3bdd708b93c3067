package dev.repbench.runtime.features.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A cached feature array, memory-mapped read-only: rows are samples, each {@link #rowFloats()} values (an
 * embedding, or a block's {@code C × H × W} map in C order). Closing it unmaps the file.
 */
public final class FeatureFile implements AutoCloseable {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final NpyHeader header;
    private final Arena arena;
    private final MemorySegment data;

    private FeatureFile(Path path, NpyHeader header, Arena arena, MemorySegment data) {
        this.path = path;
        this.header = header;
        this.arena = arena;
        this.data = data;
    }

    /**
     * Maps {@code npy}.
     *
     * @throws FeatureCacheException if it cannot be read, is not a float {@code .npy} file, or is shorter than
     *                               its header says
     */
    public static FeatureFile open(Path npy) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(npy, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            NpyHeader header = NpyHeader.decode(file.asSlice(0, Math.min(size, 1 << 17)).asByteBuffer());
            if (header.shape().length < 1) {
                throw new IllegalArgumentException("a feature array has a row per sample; this one is a scalar");
            }
            long expected = header.dataOffset() + header.dataBytes();
            if (size != expected) {
                throw new IllegalArgumentException("its header describes " + expected + " bytes but the file has " + size
                        + " (truncated or overwritten)");
            }
            return new FeatureFile(npy, header, arena, file.asSlice(header.dataOffset()).asReadOnly());
        } catch (IOException | IllegalArgumentException e) {
            arena.close();
            throw new FeatureCacheException("cannot read the feature file " + npy + ": " + e.getMessage()
                    + " (delete its cache folder to recompute it)", e);
        }
    }

    /** The mapped file. */
    public Path path() {
        return path;
    }

    /** How the values are stored. */
    public FeatureDtype dtype() {
        return header.dtype();
    }

    /** The array's shape: samples first. */
    public long[] shape() {
        return header.shape();
    }

    /** Samples (rows). */
    public long rows() {
        return header.shape()[0];
    }

    /** Values per row. */
    public int rowFloats() {
        long n = 1;
        for (int i = 1; i < header.shape().length; i++) {
            n *= header.shape()[i];
        }
        return Math.toIntExact(n);
    }

    /** The raw little-endian values (read-only), {@code rows × rowFloats × dtype.bytes()} bytes. */
    public MemorySegment data() {
        return data;
    }

    /** Value {@code index} (C order over the whole array), as a float. */
    public float get(long index) {
        return header.dtype() == FeatureDtype.F32
                ? data.getAtIndex(F32, index)
                : Float.float16ToFloat(data.getAtIndex(F16, index));
    }

    /** Copies row {@code row} into {@code into} (at least {@link #rowFloats()} long), as floats. */
    public void readRow(long row, float[] into) {
        int n = rowFloats();
        long base = java.util.Objects.checkIndex(row, rows()) * n;
        if (header.dtype() == FeatureDtype.F32) {
            MemorySegment.copy(data, F32, base * Float.BYTES, into, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                into[i] = Float.float16ToFloat(data.getAtIndex(F16, base + i));
            }
        }
    }

    /**
     * The values as a little-endian read-only {@link FloatBuffer} over the map (float32 files up to 2 GiB; larger
     * ones are read through {@link #data()}).
     */
    public FloatBuffer floatBuffer() {
        if (header.dtype() != FeatureDtype.F32) {
            throw new IllegalStateException(path + " holds float16 values; read them with get or readRow");
        }
        return data.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** Unmaps the file; views obtained from it become invalid. */
    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "FeatureFile[" + path + ", " + header.dtype() + " " + Arrays.toString(header.shape()) + "]";
    }
}
