package dev.repbench.runtime.cli.badinput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real file system with no space left, for as long as it is open: a tmpfs of 256 KiB (more when it is to hold earlier files) mounted on a folder and filled
 * with one file until the kernel answers {@code No space left on device}. Nothing is simulated: RepBench's writes
 * meet the same error a full disk gives. Like a full ext4, it still lets empty files and folders be made (tmpfs counts
 * bytes, not inodes), so the check that a folder is writable passes and the failure comes at the real write, after
 * the work. Mounting needs root (CI runs the tests as root); where it is refused the test is skipped, saying why.
 * Closing unmounts it, so the test's folder can be deleted.
 */
final class FullFileSystem implements AutoCloseable {
    /** The tmpfs's room beyond what was there before: a few pages, filled at once. */
    private static final long SPARE = 256 * 1024;
    /** The file that fills it, at the top of the mount. */
    static final String FILLER = "filler";

    private final Path mountPoint;

    private FullFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Creates {@code folder}, mounts a small tmpfs on it, copies {@code earlier} into it (what was written there before
     * the disk filled up: each a file or folder, under its own name) and fills it up.
     */
    static FullFileSystem mount(Path folder, Path... earlier) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        long size = SPARE;
        for (Path tree : earlier) {
            size += bytes(tree) + 64 * 1024; // each file rounded up to pages, each folder a page
        }
        String refusal = command("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString());
        if (refusal != null) {
            // Not root, or a container without CAP_SYS_ADMIN: no small file system can be made, which is no defect of
            // RepBench's.
            Assumptions.abort("cannot mount a tmpfs on " + folder + " to fill it (" + refusal
                    + "): a full file system needs root with CAP_SYS_ADMIN");
        }
        FullFileSystem full = new FullFileSystem(folder);
        try {
            for (Path tree : earlier) {
                copy(tree, folder.resolve(tree.getFileName().toString()));
            }
            full.fill();
        } catch (IOException | RuntimeException e) {
            full.close();
            throw e;
        }
        return full;
    }

    Path path() {
        return mountPoint;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted().toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static long bytes(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            long total = 0;
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                total += Files.size(path);
            }
            return total;
        }
    }

    /** Writes zeros into {@link #FILLER} until the file system has no byte left. */
    private void fill() throws IOException {
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER))) {
            for (int written = 0; ; written += page.length) {
                if (written > mountPoint.toFile().getTotalSpace()) {
                    throw new IllegalStateException(mountPoint + " took more than its size and is still not full: not the tmpfs");
                }
                out.write(page);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
        if (mountPoint.toFile().getUsableSpace() != 0) {
            throw new IllegalStateException(mountPoint + " still has " + mountPoint.toFile().getUsableSpace()
                    + " bytes free after filling");
        }
    }

    /** Runs a command; null when it succeeded, else what it said (or why it could not start). */
    private static String command(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String said = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return command[0] + " did not finish in 30 s";
            }
            return process.exitValue() == 0 ? null : command[0] + " exit " + process.exitValue() + ": " + said;
        } catch (IOException e) {
            return "no " + command[0] + " on this system: " + e.getMessage();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            String refusal = command("umount", mountPoint.toString());
            if (refusal != null) {
                throw new IOException("cannot unmount the full tmpfs at " + mountPoint + ": " + refusal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
