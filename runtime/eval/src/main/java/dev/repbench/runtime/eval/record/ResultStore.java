package dev.repbench.runtime.eval.record;

import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.FileProblems;
import dev.repbench.runtime.version.BuildInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.repbench.runtime.encoder.EncoderDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of result records, one JSON file per {@link ResultKey}, each written with {@link AtomicFiles} so a reader
 * or a rerun sees either no record or a whole one; temporary files (e.g. left by a killed process) are never read.
 */
public final class ResultStore {
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
            throw new UncheckedIOException("cannot create the results folder " + folder + ": " + FileProblems.reason(e), e);
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
            AtomicFiles.write(target, JSON.writeValueAsBytes(record));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result record " + target + ": " + FileProblems.reason(e)
                    + " (check that the folder is writable and the disk has space)", e);
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
            AtomicFiles.write(target, JSON.writeValueAsBytes(descriptor));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the encoder descriptor " + target + ": " + FileProblems.reason(e)
                    + " (check that the folder is writable and the disk has space)", e);
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
                if (!name.startsWith(".") && name.endsWith(".json")) {
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

    /** @return every complete record in the folder, in file-name order; temporary files are skipped */
    public List<ResultRecord> list() {
        List<ResultRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path path : files.sorted().toList()) {
                String name = path.getFileName().toString();
                if (!name.startsWith(".") && name.endsWith(".json") && Files.isRegularFile(path)) {
                    records.add(readFile(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return records;
    }

    /**
     * Reads one record, refusing with the file and the fix what is not a whole record of this RepBench's format:
     * records are written whole, so a damaged one was cut short or edited elsewhere (a copy, a sync).
     */
    private static ResultRecord readFile(Path path) {
        ResultRecord record;
        try {
            record = JSON.readValue(path.toFile(), ResultRecord.class);
        } catch (JacksonException e) {
            throw new UncheckedIOException(path + " is not a whole result record (" + FileProblems.json(e) + "): delete"
                    + " it, or move it out of the folder, and repbench eval writes it again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result record " + path + ": " + e.getMessage(), e);
        }
        if (record.formatVersion() != ResultRecord.FORMAT_VERSION) {
            String writer = record.versions() == null || record.versions().repbench() == null ? "another RepBench"
                    : "RepBench " + record.versions().repbench();
            String message = path + " is a result record of format " + record.formatVersion() + ", written by " + writer
                    + "; this RepBench (" + BuildInfo.version() + ") reads format " + ResultRecord.FORMAT_VERSION
                    + ": read it with the RepBench that wrote it, or evaluate again with this one into another folder";
            throw new UncheckedIOException(message, new IOException(message));
        }
        return record;
    }
}
