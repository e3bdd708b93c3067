package dev.repbench.tasks.data.idx;

import dev.repbench.api.task.TaskDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFileTest {
    @TempDir
    Path temp;

    private static final byte[] VALUES = {0, 1, 2, (byte) 200, (byte) 255, 7};

    @Test
    void readsPlainAndGzippedFilesAlikeWithEqualContentHashes() throws IOException {
        byte[] content = TinyFashionMnist.idx(0x803, VALUES, 1, 2, 3);
        IdxFile plain = IdxFile.read(TinyFashionMnist.write(temp.resolve("a-idx3-ubyte"), content, false));
        // A misleading name does not matter: gzip is recognised by its magic bytes.
        IdxFile gzipped = IdxFile.read(TinyFashionMnist.write(temp.resolve("b-idx3-ubyte"), content, true));
        for (IdxFile file : new IdxFile[] {plain, gzipped}) {
            assertEquals(3, file.rank());
            assertEquals(1, file.dimension(0));
            assertEquals(2, file.dimension(1));
            assertEquals(3, file.dimension(2));
            assertEquals(6, file.length());
            assertEquals(200, file.unsignedByte(3), "values are unsigned");
            assertEquals(255, file.unsignedByte(4));
        }
        assertTrue(Arrays.equals(VALUES, plain.values()));
        assertEquals(plain.contentSha256(), gzipped.contentSha256());
        assertEquals(64, plain.contentSha256().length());
        IdxFile other = IdxFile.read(TinyFashionMnist.write(temp.resolve("c"), TinyFashionMnist.idx(0x801, VALUES, 6), false));
        assertEquals(1, other.rank());
        assertNotEquals(plain.contentSha256(), other.contentSha256());
    }

    @Test
    void readsAnEmptyFile() throws IOException {
        IdxFile empty = IdxFile.read(TinyFashionMnist.write(temp.resolve("e"), TinyFashionMnist.idx(0x801, new byte[0], 0), false));
        assertEquals(0, empty.length());
    }

    @Test
    void aMissingFileIsNamed() {
        Path absent = temp.resolve("absent-idx1-ubyte");
        TaskDataException e = assertThrows(TaskDataException.class, () -> IdxFile.read(absent));
        assertEquals(absent, e.path());
        assertTrue(e.getMessage().contains("no such file") && e.getMessage().contains(absent.toString()), e.getMessage());
    }

    @Test
    void aWrongMagicNumberIsRefused() throws IOException {
        Path png = TinyFashionMnist.write(temp.resolve("picture.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0}, false);
        TaskDataException e = assertThrows(TaskDataException.class, () -> IdxFile.read(png));
        assertTrue(e.getMessage().contains("not an IDX file") && e.getMessage().contains("0x89504E47")
                && e.getMessage().contains(png.toString()), e.getMessage());

        Path floats = TinyFashionMnist.write(temp.resolve("floats"), TinyFashionMnist.idx(0xD01, new byte[4], 1), false);
        assertTrue(assertThrows(TaskDataException.class, () -> IdxFile.read(floats)).getMessage().contains("0x00000D01"));

        Path noDimensions = TinyFashionMnist.write(temp.resolve("rank0"), TinyFashionMnist.idx(0x800, new byte[0]), false);
        assertTrue(assertThrows(TaskDataException.class, () -> IdxFile.read(noDimensions)).getMessage().contains("0 dimensions"));
    }

    @Test
    void truncatedHeadersAndDataAreRefusedWithTheByteCounts() throws IOException {
        Path shortHeader = TinyFashionMnist.write(temp.resolve("h"), Arrays.copyOf(TinyFashionMnist.idx(0x803, VALUES, 1, 2, 3), 10), false);
        TaskDataException header = assertThrows(TaskDataException.class, () -> IdxFile.read(shortHeader));
        assertTrue(header.getMessage().contains("ends inside the IDX header"), header.getMessage());

        byte[] full = TinyFashionMnist.idx(0x803, VALUES, 1, 2, 3);
        Path shortData = TinyFashionMnist.write(temp.resolve("d.gz"), Arrays.copyOf(full, full.length - 2), true);
        TaskDataException data = assertThrows(TaskDataException.class, () -> IdxFile.read(shortData));
        assertTrue(data.getMessage().contains("truncated") && data.getMessage().contains("promises 6 bytes")
                && data.getMessage().contains("holds 4") && data.getMessage().contains(shortData.toString()), data.getMessage());

        Path tooLong = TinyFashionMnist.write(temp.resolve("l"), Arrays.copyOf(full, full.length + 1), false);
        assertTrue(assertThrows(TaskDataException.class, () -> IdxFile.read(tooLong)).getMessage().contains("longer than its header"));

        Path negative = TinyFashionMnist.write(temp.resolve("n"), TinyFashionMnist.idx(0x801, new byte[0], -1), false);
        assertTrue(assertThrows(TaskDataException.class, () -> IdxFile.read(negative)).getMessage().contains("negative"));
    }

    @Test
    void aCorruptGzipStreamIsReportedAsUnreadable() throws IOException {
        byte[] gz = Files.readAllBytes(TinyFashionMnist.write(temp.resolve("ok.gz"), TinyFashionMnist.idx(0x803, new byte[600], 6, 10, 10), true));
        Path cut = Files.write(temp.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        TaskDataException e = assertThrows(TaskDataException.class, () -> IdxFile.read(cut));
        assertEquals(cut, e.path());
        assertTrue(e.getMessage().contains("IDX"), e.getMessage());
    }
}
