package dev.repbench.runtime.study;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes JSON files so that a reader (or a rerun after a crash) sees the old file or the whole new one, never a
 * part: a temporary file in the same folder, forced to disk, renamed over the target in one atomic step.
 */
public final class AtomicJson {
    /** The mapper used for study files: indented, keys in declaration order. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private AtomicJson() {
    }

    /**
     * @param target the file to (re)place; its folder is created if needed
     * @param value  what to write, as Jackson serialises it
     * @throws IOException if it cannot be written; no temporary file is left behind then
     */
    public static void write(Path target, Object value) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
