package dev.repbench.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.task.TaskDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path temp;

    private static final byte[] VALUES = {0, 1, 2, (byte) 200, (byte) 255, 7};

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] content = IdxTestFiles.idx(new int[] {2, 1, 3}, VALUES);
        IdxFile plain = IdxFile.read(IdxTestFiles.write(temp.resolve("a-idx3-ubyte"), content, false), 3);
        IdxFile gz = IdxFile.read(IdxTestFiles.write(temp.resolve("a-idx3-ubyte.gz"), content, true), 3);
        assertArrayEquals(new int[] {2, 1, 3}, plain.dimensions());
        assertArrayEquals(VALUES, plain.values());
        assertEquals(plain, gz);
        assertEquals(2, gz.count());
    }

    private TaskDataException failure(byte[] content, boolean gzip, int rank) throws IOException {
        Path file = IdxTestFiles.write(temp.resolve("bad" + (gzip ? ".gz" : "")), content, gzip);
        TaskDataException e = assertThrows(TaskDataException.class, () -> IdxFile.read(file, rank));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void aBadMagicNumberIsNamed() throws IOException {
        byte[] content = IdxTestFiles.idx(new int[] {6}, VALUES);
        content[0] = 0x12;
        String message = failure(content, false, 1).getMessage();
        assertTrue(message.contains("bad magic number 0x12000801"), message);
    }

    @Test
    void anUnsupportedTypeOrRankIsNamed() throws IOException {
        byte[] content = IdxTestFiles.idx(new int[] {6}, VALUES);
        content[2] = 0x0D; // float
        assertTrue(failure(content, true, 1).getMessage().contains("type code 0x0d is not supported"));
        assertTrue(failure(IdxTestFiles.idx(new int[] {6}, VALUES), false, 3).getMessage()
                .contains("declares 1 dimensions, expected 3"));
    }

    @Test
    void truncatedFilesAreReportedPlainOrGzipped() throws IOException {
        byte[] content = IdxTestFiles.idx(new int[] {2, 1, 3}, VALUES);
        byte[] cut = Arrays.copyOf(content, content.length - 2);
        assertTrue(failure(cut, false, 3).getMessage().contains("truncated: the header declares [2, 1, 3] = 6 values, the file holds 4"));
        assertTrue(failure(cut, true, 3).getMessage().contains("truncated"));
        // A gzip stream cut short: the decompressor fails, reported as truncated too.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(content);
        }
        byte[] cutGz = Arrays.copyOf(gz.toByteArray(), gz.size() - 12);
        Path file = IdxTestFiles.write(temp.resolve("cut.gz"), cutGz, false);
        TaskDataException e = assertThrows(TaskDataException.class, () -> IdxFile.read(file, 3));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // A header cut inside the dimensions.
        assertTrue(failure(Arrays.copyOf(content, 6), false, 3).getMessage().contains("truncated"));
    }

    @Test
    void trailingDataAndMissingFilesAreReported() throws IOException {
        byte[] content = IdxTestFiles.idx(new int[] {5}, VALUES); // six values for a header of five
        assertTrue(failure(content, false, 1).getMessage().contains("more data than the header declares"));
        TaskDataException missing = assertThrows(TaskDataException.class, () -> IdxFile.read(temp.resolve("none.gz"), 1));
        assertTrue(missing.getMessage().startsWith("no such file: " + temp.resolve("none.gz")), missing.getMessage());
    }
}
