package dev.repbench.runtime.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which checkpoint of a run is the latest complete one: {@value #FOLDER}/{@value #INDEX_FILE} in the run's folder,
 * replaced atomically each time the algorithm reports a checkpoint. Only a reported checkpoint is ever resumed from,
 * so a half-written or temporary file in the folder is never mistaken for one. After the index names the new
 * checkpoint, the one it named before is deleted.
 */
final class CheckpointIndex {
    /** The folder of checkpoints inside a run's folder. */
    static final String FOLDER = "checkpoints";
    /** The index's file name inside {@link #FOLDER}. */
    static final String INDEX_FILE = "latest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path runFolder;
    private final Path indexFile;

    CheckpointIndex(Path runFolder) {
        this.runFolder = runFolder.toAbsolutePath();
        this.indexFile = this.runFolder.resolve(FOLDER).resolve(INDEX_FILE);
    }

    /** @return the checkpoint folder, created if absent */
    Path folder() throws IOException {
        return Files.createDirectories(indexFile.getParent());
    }

    /** @return whether a checkpoint has been reported in this folder */
    boolean exists() {
        return Files.isRegularFile(indexFile);
    }

    /**
     * @return the latest reported checkpoint, if its file is still there
     * @throws PretrainException if the index cannot be read
     */
    Optional<Checkpoint> latest() {
        if (!exists()) {
            return Optional.empty();
        }
        try {
            Map<?, ?> entry = JSON.readValue(indexFile.toFile(), Map.class);
            Path file = runFolder.resolve(String.valueOf(entry.get("file")));
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(((Number) entry.get("epoch")).intValue(), ((Number) entry.get("step")).longValue(), file));
        } catch (IOException | RuntimeException e) {
            throw new PretrainException("cannot read the checkpoint index " + indexFile + ": " + e.getMessage()
                    + " — delete " + indexFile.getParent() + " to start the run over", e);
        }
    }

    /**
     * Records {@code checkpoint} as the latest, then deletes the previous one's file.
     *
     * @throws IOException if the index cannot be written
     */
    void record(Checkpoint checkpoint) throws IOException {
        Optional<Checkpoint> previous = latest();
        Path file = checkpoint.file().toAbsolutePath().normalize();
        String stored = file.startsWith(runFolder) ? runFolder.relativize(file).toString().replace('\\', '/') : file.toString();
        folder();
        // in this order every time (Map.of's changes from one JVM to the next), so a resumed run writes the same bytes
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("epoch", checkpoint.epoch());
        index.put("step", checkpoint.step());
        index.put("file", stored);
        AtomicFiles.writeJson(indexFile, index);
        if (previous.isPresent() && !previous.get().file().toAbsolutePath().normalize().equals(file)) {
            Files.deleteIfExists(previous.get().file());
        }
    }
}
