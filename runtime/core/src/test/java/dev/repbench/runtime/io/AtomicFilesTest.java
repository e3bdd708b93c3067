package dev.repbench.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undoing the folders a failed command created: empty ones go, files and what was there before stay. */
class AtomicFilesTest {
    @TempDir
    Path temp;

    @Test
    void theTopmostMissingFolderIsTheFirstACommandWouldCreate() throws IOException {
        assertEquals(temp.resolve("a"), AtomicFiles.topmostMissing(temp.resolve("a/b/c")));
        assertNull(AtomicFiles.topmostMissing(Files.createDirectories(temp.resolve("x"))));
    }

    @Test
    void emptyCreatedFoldersAreRemovedUpToTheFirstCreated() throws IOException {
        Path out = temp.resolve("a/b/out");
        Path top = AtomicFiles.topmostMissing(out);
        Files.createDirectories(out.resolve("encoders/cache")); // what a command made before its first write failed
        AtomicFiles.removeCreatedFolders(out, top);
        assertTrue(Files.notExists(temp.resolve("a")));
        assertTrue(Files.isDirectory(temp), "the folder that was there stays");
    }

    @Test
    void aCreatedFolderHoldingAFileStaysWithItsFile() throws IOException {
        Path out = temp.resolve("run");
        Path top = AtomicFiles.topmostMissing(out);
        Path checkpoint = Files.writeString(Files.createDirectories(out.resolve("checkpoints")).resolve("step-3.pt"), "x");
        Files.createDirectories(out.resolve("logs"));
        AtomicFiles.removeCreatedFolders(out, top);
        assertTrue(Files.isRegularFile(checkpoint), "a checkpoint to resume from is kept");
        assertTrue(Files.notExists(out.resolve("logs")), "the empty folder beside it goes");
    }

    @Test
    void aFolderThatExistedBeforeIsLeftAlone() throws IOException {
        Path out = Files.createDirectories(temp.resolve("results"));
        Path top = AtomicFiles.topmostMissing(out);
        Files.createDirectories(out.resolve("encoders"));
        AtomicFiles.removeCreatedFolders(out, top);
        assertTrue(Files.isDirectory(out.resolve("encoders")), "nothing is removed when the folder existed");
    }

    @Test
    void aRemovedTreeLeavesNothingBesideItAndAMissingOneIsNoError() throws IOException {
        Path encoder = Files.createDirectories(temp.resolve("study/encoders/e1/checkpoints"));
        Files.writeString(encoder.resolve("step-3.pt"), "weights");
        Files.writeString(encoder.resolveSibling("encoder.onnx"), "model");
        Path kept = Files.createDirectories(temp.resolve("study/encoders/e0"));
        AtomicFiles.removeTree(temp.resolve("study/encoders/e1"));
        try (var left = Files.list(temp.resolve("study/encoders"))) {
            assertEquals(java.util.List.of(kept), left.toList());
        }
        AtomicFiles.removeTree(temp.resolve("study/encoders/e1"));
    }
}
