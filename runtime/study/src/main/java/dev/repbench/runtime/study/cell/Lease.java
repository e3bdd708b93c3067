package dev.repbench.runtime.study.cell;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * A claim on one cell by one process, held while the process runs it. The claim is an exclusive OS lock
 * ({@link FileChannel#tryLock()}) on the cell's {@code lease} file, which the OS drops when the process ends in
 * any way (a SIGKILL included), so a killed run never blocks a rerun; the file also names the holder (pid, host,
 * process start, claim time) for {@code repbench status}. Two processes sharing an output folder can therefore
 * never run the same cell at once. On NFS the lock is an NFS lock: it works with NFSv4 and with NFSv3 when lockd
 * runs, not on mounts with {@code nolock} (there it is local to each host).
 */
public final class Lease implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;
    private final FileLock lock;

    private Lease(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Who holds (or held) a lease.
     *
     * @param pid          the process id
     * @param host         the host name
     * @param processStart when the process started, ISO-8601, or {@code null} if unknown
     * @param since        when it took the lease, ISO-8601
     */
    public record Holder(long pid, String host, String processStart, String since) {
        /** @return this process */
        static Holder current() {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(self.pid(), localHost(),
                    self.info().startInstant().map(Instant::toString).orElse(null), Instant.now().toString());
        }
    }

    /**
     * What a lease file says, for status.
     *
     * @param holder the last holder
     * @param alive  whether the holder still runs the cell
     */
    public record Inspection(Holder holder, boolean alive) {
    }

    /**
     * Claims the cell whose lease file this is, unless a live process holds it.
     *
     * @param file the lease file (created if needed)
     * @return the lease, or empty if another process (or this one) holds it
     * @throws IOException if the file cannot be created or the file system refuses locks
     */
    public static Optional<Lease> tryAcquire(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM already holds it
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot lock " + file + " (" + e.getMessage() + ") — the output folder's file system"
                    + " must support file locks (on NFS: NFSv4, or NFSv3 with lockd; not 'nolock' mounts)", e);
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        Lease lease = new Lease(channel, lock);
        try {
            byte[] holder = JSON.writeValueAsBytes(Holder.current());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder), 0);
            channel.force(true);
        } catch (IOException e) {
            lease.close();
            throw e;
        }
        return Optional.of(lease);
    }

    /**
     * Reads a lease file and decides whether its holder is alive: on this host by its pid and start time, on
     * another host by whether its lock is still held.
     *
     * @param file a lease file
     * @return the holder and liveness, or empty if no process ever held it or the last one let it go
     */
    public static Optional<Inspection> inspect(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length == 0) {
            return Optional.empty();
        }
        Holder holder;
        try {
            holder = JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Holder.class);
        } catch (IOException e) {
            return Optional.empty(); // being written by its holder right now: treated as not yet claimed
        }
        boolean alive = holder.host().equals(localHost()) ? processAlive(holder) : lockHeld(file);
        return Optional.of(new Inspection(holder, alive));
    }

    private static boolean processAlive(Holder holder) {
        return ProcessHandle.of(holder.pid()).filter(ProcessHandle::isAlive)
                .filter(p -> holder.processStart() == null || p.info().startInstant().map(Instant::toString)
                        .map(holder.processStart()::equals).orElse(true))
                .isPresent();
    }

    private static boolean lockHeld(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // cannot tell: do not call a possibly running cell stale
        }
    }

    /** @return this machine's host name, as recorded in leases */
    public static String localHost() {
        return LocalHost.NAME;
    }

    /** Looked up once: a name lookup can take a while where DNS is slow. */
    private static final class LocalHost {
        static final String NAME = lookUp();
    }

    private static String lookUp() {
        try {
            // the kernel's node name is what uname prints, and reading it needs no name service
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown-host" : env;
        }
    }

    /** Empties the lease file (so status no longer names this process) and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.truncate(0);
            }
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
