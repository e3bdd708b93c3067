package dev.repbench.runtime.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.repbench.runtime.encoder.EncoderDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of result records, one JSON file per {@link ResultKey}. A record is written to a temporary file in the
 * same folder, forced to disk, then renamed over its final name in one atomic step, so a reader or a rerun sees
 * either no record or a whole one; temporary files (e.g. left by a killed process) are never read.
 */
public final class ResultStore {
    /** Every temporary file starts with this, so it is never mistaken for a record. */
    static final String TEMP_PREFIX = ".";
    /** Every temporary file ends with this. */
    static final String TEMP_SUFFIX = ".tmp";
    /** The sub-folder holding evaluated encoders' descriptors ({@link #rememberEncoder}). */
    public static final String ENCODERS_FOLDER = "encoders";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Path folder;

    private ResultStore(Path folder) {
        this.folder = folder;
    }

    /**
     * Opens (creating if needed) a store.
     *
     * @param folder the records folder
     * @return the store
     * @throws UncheckedIOException if the folder cannot be created
     */
    public static ResultStore open(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + folder + ": " + e.getMessage(), e);
        }
        return new ResultStore(folder.toAbsolutePath().normalize());
    }

    /** @return the records folder */
    public Path folder() {
        return folder;
    }

    /** @return where {@code key}'s record lives (whether or not it exists) */
    public Path pathOf(ResultKey key) {
        return folder.resolve(key.fileName());
    }

    /** @return whether {@code key}'s record is complete on disk, so its cell can be skipped */
    public boolean exists(ResultKey key) {
        return Files.isRegularFile(pathOf(key));
    }

    /**
     * Reads {@code key}'s record.
     *
     * @throws UncheckedIOException if it exists but cannot be read or parsed
     */
    public Optional<ResultRecord> read(ResultKey key) {
        Path path = pathOf(key);
        return Files.isRegularFile(path) ? Optional.of(readFile(path)) : Optional.empty();
    }

    /**
     * Writes {@code record} atomically under its key, replacing an existing record.
     *
     * @return the record's file
     * @throws UncheckedIOException if it cannot be written; no temporary file is left behind
     */
    public Path write(ResultRecord record) {
        Path target = pathOf(record.key());
        try {
            writeAtomically(folder, target, JSON.writeValueAsBytes(record));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result record " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps a copy of an evaluated encoder's descriptor as {@code encoders/<sha256>.json}, so analyses of the records
     * know each encoder's provenance (algorithm, dataset, epochs) without the encoder files. Written once per
     * encoder, atomically.
     *
     * @param sha256     the encoder's ONNX sha256, as in its records' keys
     * @param descriptor its descriptor
     * @throws UncheckedIOException if it cannot be written
     */
    public void rememberEncoder(String sha256, EncoderDescriptor descriptor) {
        Path dir = folder.resolve(ENCODERS_FOLDER);
        Path target = dir.resolve(sha256 + ".json");
        if (Files.isRegularFile(target)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            writeAtomically(dir, target, JSON.writeValueAsBytes(descriptor));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the encoder descriptor " + target + ": " + e.getMessage(), e);
        }
    }

    /** @return the descriptors kept by {@link #rememberEncoder}, by the encoder's ONNX sha256 */
    public Map<String, EncoderDescriptor> encoders() {
        Path dir = folder.resolve(ENCODERS_FOLDER);
        Map<String, EncoderDescriptor> found = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path path : files.sorted().toList()) {
                String name = path.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX) && name.endsWith(".json")) {
                    try {
                        found.put(name.substring(0, name.length() - ".json".length()),
                                JSON.readValue(path.toFile(), EncoderDescriptor.class));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the encoder descriptor " + path + ": "
                                + e.getMessage() + " (delete it; the next eval of that encoder writes it again)", e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Writes {@code bytes} to a temporary file in {@code dir}, forces it, and renames it over {@code target}. */
    private static void writeAtomically(Path dir, Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // the bytes are on disk before the name points at them
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the folder " + dir + " does not support atomic renames", e);
            }
            temp = null;
            forceFolder(dir);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp); // the write failed; a stray temporary file would be ignored by readers
            }
        }
    }

    /** @return every complete record in the folder, in file-name order; temporary files are skipped */
    public List<ResultRecord> list() {
        List<ResultRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path path : files.sorted().toList()) {
                String name = path.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX) && name.endsWith(".json") && Files.isRegularFile(path)) {
                    records.add(readFile(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return records;
    }

    private static ResultRecord readFile(Path path) {
        try {
            return JSON.readValue(path.toFile(), ResultRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result record " + path + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename durable where the platform allows syncing a directory (Linux does; Windows does not). */
    private static void forceFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the record itself is complete either way
        }
    }
}
