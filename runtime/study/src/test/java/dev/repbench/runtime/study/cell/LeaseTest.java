package dev.repbench.runtime.study.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lease is exclusive while held, names its holder, and is judged alive by pid here and by its lock elsewhere. */
class LeaseTest {
    @TempDir
    Path temp;

    @Test
    void aHeldLeaseIsExclusiveNamesItsHolderAndIsEmptiedOnRelease() throws IOException {
        Path file = temp.resolve("cell/lease");
        try (Lease lease = Lease.tryAcquire(file).orElseThrow()) {
            assertTrue(Lease.tryAcquire(file).isEmpty(), "a second claim fails while the first holds");
            Lease.Inspection seen = Lease.inspect(file).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), seen.holder().pid());
            assertEquals(Lease.localHost(), seen.holder().host());
            assertTrue(seen.alive());
        }
        assertEquals(0, Files.size(file));
        assertTrue(Lease.inspect(file).isEmpty());
        try (Lease again = Lease.tryAcquire(file).orElseThrow()) {
            assertTrue(Lease.inspect(file).orElseThrow().alive());
        }
    }

    @Test
    void aLeaseFromAnotherHostIsAliveExactlyWhileItsLockIsHeld() throws IOException {
        Path file = temp.resolve("lease");
        AtomicFiles.writeJson(file, new Lease.Holder(12345, "some-other-host", null, "2026-01-01T00:00:00Z"));
        Optional<Lease.Inspection> free = Lease.inspect(file);
        assertEquals("some-other-host", free.orElseThrow().holder().host());
        assertFalse(free.get().alive(), "nobody holds its lock: stale");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            assertTrue(lock.isValid());
            assertTrue(Lease.inspect(file).orElseThrow().alive(), "its lock is held: running");
        }
    }
}
