package dev.repbench.runtime.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes files by writing a temporary sibling and renaming it over the target, so readers (and a rerun after a
 * crash) see the old content or the new one, never a partial file. Temporary files start with a dot and end in
 * {@value #TEMPORARY_SUFFIX}, so listings can ignore them.
 */
public final class AtomicFiles {
    /** The suffix of temporary files; a crash may leave one behind, and readers skip them. */
    public static final String TEMPORARY_SUFFIX = ".partial";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code bytes}, creating its folder if needed.
     *
     * @throws IOException if the folder cannot be created or the file cannot be written
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        try {
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Replaces {@code target} with {@code value} as indented JSON.
     *
     * @throws IOException if it cannot be written
     */
    public static void writeJson(Path target, Object value) throws IOException {
        write(target, JSON.writeValueAsBytes(value));
    }

    /** @return whether {@code file}'s name marks it as a temporary file of {@link #write} */
    public static boolean isTemporary(Path file) {
        return file.getFileName().toString().endsWith(TEMPORARY_SUFFIX);
    }
}
