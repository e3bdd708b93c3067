package dev.repbench.runtime.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProblemsTest {
    @TempDir
    Path temp;

    @Test
    void aFolderToBeIsCheckedWithoutCreatingItAndNothingIsLeftBehind() throws IOException {
        Path wanted = temp.resolve("a/b/c");
        assertDoesNotThrow(() -> FileProblems.requireWritableFolder(wanted, "--out"));
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of(), left.toList(), "no folder created, no probe left");
        }
    }

    @Test
    void aFileWhereTheFolderOrOneAboveItWouldBeIsNamed() throws IOException {
        Path file = Files.writeString(temp.resolve("notes"), "x");
        IllegalArgumentException itself = assertThrows(IllegalArgumentException.class,
                () -> FileProblems.requireWritableFolder(file, "--out"));
        assertEquals(file + " is a file: give --out a folder (a new one, or one RepBench wrote)", itself.getMessage());
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> FileProblems.requireWritableFolder(file.resolve("run"), "--cache"));
        assertTrue(above.getMessage().startsWith(file + " is a file, and " + file.resolve("run")
                + " would be a folder inside it: give --cache a folder"), above.getMessage());
    }

    @Test
    void ioErrorsAreSaidInWords() {
        assertEquals("/x does not exist", FileProblems.reason(new NoSuchFileException("/x")));
        assertEquals("permission denied", FileProblems.reason(new AccessDeniedException("/x")));
        assertEquals("No space left on device", FileProblems.reason(new FileSystemException("/x", null, "No space left on device")));
    }

    @Test
    void jsonProblemsSayWhereAndNeverQuoteTheSource() {
        record Pair(String name, int size) {
        }
        ObjectMapper json = new ObjectMapper();
        JacksonException cut = assertThrows(JacksonException.class, () -> json.readValue("{\n\"name\": \"a\",\n\"si", Map.class));
        assertEquals("the JSON ends after line 3, unfinished: the file was cut short", FileProblems.json(cut));
        JacksonException wrong = assertThrows(JacksonException.class, () -> json.readValue("{\"name\": \"a\", \"size\": \"big\"}", Pair.class));
        assertTrue(FileProblems.json(wrong).startsWith("a value of the wrong kind in 'size' at line 1"), FileProblems.json(wrong));
        JacksonException broken = assertThrows(JacksonException.class, () -> json.readValue("{\"name\" \"a\"}", Map.class));
        assertEquals("invalid JSON at line 1, column 9", FileProblems.json(broken));
    }
}
