package dev.repbench.runtime.cli.badinput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A folder nothing can be written into, for as long as it is open. Permissions stop an ordinary user; root ignores
 * them (CI runs the tests as root), so then the folder is also made immutable with {@code chattr +i}, which stops
 * root too on ext4, XFS and btrfs. Closing makes it writable again, so the test's folder can be deleted.
 */
final class ReadOnlyFolder implements AutoCloseable {
    private final Path folder;
    private boolean immutable;

    private ReadOnlyFolder(Path folder) {
        this.folder = folder;
    }

    /** Creates {@code folder} and takes the right to write into it away. */
    static ReadOnlyFolder create(Path folder) throws IOException, InterruptedException {
        ReadOnlyFolder readOnly = new ReadOnlyFolder(Files.createDirectories(folder));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (readOnly.writable()) {
            readOnly.immutable = chattr("+i", folder);
        }
        if (readOnly.writable()) {
            readOnly.close();
            // Neither permissions nor chattr hold here (a file system without immutable files, no chattr): a read-only
            // folder cannot be made, which is no defect of RepBench's.
            Assumptions.abort("cannot make a folder read-only for this user on this file system: " + folder);
        }
        return readOnly;
    }

    Path path() {
        return folder;
    }

    private boolean writable() {
        Path probe = folder.resolve(".probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path folder) throws IOException, InterruptedException {
        try {
            Process chattr = new ProcessBuilder(List.of("chattr", flag, folder.toString())).redirectErrorStream(true).start();
            chattr.getInputStream().readAllBytes();
            return chattr.waitFor(30, TimeUnit.SECONDS) && chattr.exitValue() == 0;
        } catch (IOException e) {
            return false; // no chattr on this system
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (immutable) {
                chattr("-i", folder);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
