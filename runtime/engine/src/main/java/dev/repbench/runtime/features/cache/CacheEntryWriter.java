package dev.repbench.runtime.features.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes one cache entry: the {@code .npy} file is created at full size and memory-mapped, rows are written into
 * the map as batches arrive (converted to float16 if asked), and {@link #commit} flushes it, writes
 * {@code key.json} and renames the temporary folder to the entry's name. Closing without committing deletes the
 * temporary folder. Driven by one thread.
 */
public final class CacheEntryWriter implements AutoCloseable {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CacheKey key;
    private final Path temporary;
    private final Path target;
    private final NpyHeader header;
    private final long rowFloats;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private Path committed;
    private boolean closed;

    CacheEntryWriter(CacheKey key, Path temporary, Path target, NpyHeader header) {
        this.key = key;
        this.temporary = temporary;
        this.target = target;
        this.header = header;
        this.rowFloats = header.elements() / header.shape()[0];
        boolean opened = false;
        try {
            Files.createDirectories(temporary);
            Path npy = temporary.resolve(FeatureCache.FEATURES_FILE);
            try (FileChannel channel = FileChannel.open(npy, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long size = header.dataOffset() + header.dataBytes();
                MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
                MemorySegment.copy(MemorySegment.ofArray(header.encode()), 0, file, 0, header.dataOffset());
                data = file.asSlice(header.dataOffset());
            }
            opened = true;
        } catch (IOException e) {
            throw new FeatureCacheException("cannot create a feature file in " + temporary.getParent() + ": " + e
                    + " (check that the cache folder is writable and the disk has space, or choose another with --cache)", e);
        } finally {
            if (!opened) {
                close();
            }
        }
    }

    /** The entry's key. */
    public CacheKey key() {
        return key;
    }

    /** The array's header (dtype and shape). */
    public NpyHeader header() {
        return header;
    }

    /**
     * Writes {@code rows} rows starting at row {@code firstRow} from {@code values} (native order, read from its
     * position 0, {@code rows × rowFloats} values).
     */
    public void writeRows(long firstRow, FloatBuffer values, int rows) {
        if (firstRow < 0 || firstRow + rows > header.shape()[0]) {
            throw new IndexOutOfBoundsException("rows " + firstRow + "+" + rows + " outside 0.." + header.shape()[0]);
        }
        long count = rows * rowFloats;
        if (values.capacity() < count) {
            throw new IllegalArgumentException("need " + count + " values, the buffer has " + values.capacity());
        }
        long first = firstRow * rowFloats;
        if (header.dtype() == FeatureDtype.F32) {
            if (values.isDirect() && values.order() == ByteOrder.LITTLE_ENDIAN) {
                MemorySegment.copy(MemorySegment.ofBuffer(values), 0, data, first * Float.BYTES, count * Float.BYTES);
            } else {
                for (int i = 0; i < count; i++) {
                    data.setAtIndex(F32, first + i, values.get(i));
                }
            }
        } else {
            for (int i = 0; i < count; i++) {
                data.setAtIndex(F16, first + i, Float.floatToFloat16(values.get(i)));
            }
        }
    }

    /**
     * Flushes the array, writes {@code key.json} and renames the temporary folder into place. If another process
     * committed the same key meanwhile, its entry is kept and this one discarded (they hold the same features).
     *
     * @return the entry's feature file
     */
    public Path commit() {
        if (committed != null) {
            return committed;
        }
        try {
            data.force();
            arena.close();
            Files.write(temporary.resolve(FeatureCache.KEY_FILE), JSON.writeValueAsBytes(key.describe()));
            try (FileChannel json = FileChannel.open(temporary.resolve(FeatureCache.KEY_FILE), StandardOpenOption.WRITE)) {
                json.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // Another writer committed this key first (rename onto a non-empty folder fails): keep theirs.
                FeatureCache.deleteQuietly(temporary);
            }
            committed = target.resolve(FeatureCache.FEATURES_FILE);
            return committed;
        } catch (IOException e) {
            throw new FeatureCacheException("cannot complete the cache entry " + target + ": " + e
                    + " (check that the cache folder is writable and the disk has space)", e);
        }
    }

    /** Unmaps the file; without a commit, deletes the temporary folder. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (arena.scope().isAlive()) {
            arena.close();
        }
        if (committed == null) {
            FeatureCache.deleteQuietly(temporary);
        }
    }
}
