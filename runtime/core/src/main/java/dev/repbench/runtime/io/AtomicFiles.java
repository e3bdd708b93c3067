package dev.repbench.runtime.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The one way RepBench writes a file that others read (records, encoder files, a study's cell files, manifests):
 * a temporary sibling is written, forced to disk and renamed over the target in one atomic step, then the folder is
 * forced, so a reader (or a rerun after a crash, a power cut, a node lost mid-write) sees the old content or the new
 * one, never a part. Temporary files start with a dot and end in {@value #TEMPORARY_SUFFIX}; readers skip them, and
 * a write that fails removes its own.
 */
public final class AtomicFiles {
    /** The suffix of temporary files; a crash may leave one behind, and readers skip them. */
    public static final String TEMPORARY_SUFFIX = ".partial";

    /** The mapper of the JSON files RepBench writes and reads back: indented, fields in declaration order. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a streamed write produces. */
    @FunctionalInterface
    public interface Content {
        /** Writes the file's bytes to {@code out}, which the caller closes. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with what {@code content} writes, creating its folder if needed.
     *
     * @return the lower-case hex sha256 of the bytes written
     * @throws IOException if the folder cannot be created, the file cannot be written, or the file system cannot
     *                     rename atomically; the target is then unchanged and no temporary file is left
     */
    public static String write(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // Not Files.createTempFile: its files are owner-only, and records and encoders are meant to be shared.
        Path temporary = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        try {
            MessageDigest digest = Sha256.digest();
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)), digest)) {
                content.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true); // the bytes are on disk before the name points at them
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + folder + " cannot rename atomically: put RepBench's"
                        + " output on a local or NFS folder", e);
            }
            temporary = null;
            forceFolder(folder);
            return HexFormat.of().formatHex(digest.digest());
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Replaces {@code target} with {@code bytes}.
     *
     * @throws IOException as {@link #write(Path, Content)}
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} with {@code value} as indented JSON ({@link #JSON}).
     *
     * @throws IOException as {@link #write(Path, Content)}
     */
    public static void writeJson(Path target, Object value) throws IOException {
        write(target, JSON.writeValueAsBytes(value));
    }

    /**
     * Replaces {@code target} with a copy of {@code source}.
     *
     * @throws IOException if {@code source} cannot be read, or as {@link #write(Path, Content)}
     */
    public static void copy(Path source, Path target) throws IOException {
        write(target, out -> Files.copy(source, out));
    }

    /**
     * @return the topmost of {@code folder} and its parents that does not exist yet (what writing into {@code folder}
     *         will create), or null when {@code folder} exists; for {@link #removeCreatedFolders}
     */
    public static Path topmostMissing(Path folder) {
        Path top = null;
        for (Path f = folder.toAbsolutePath().normalize(); f != null && !Files.exists(f); f = f.getParent()) {
            top = f;
        }
        return top;
    }

    /**
     * Removes the folders a command created, {@code folder}, those in it and its parents up to {@code topCreated},
     * where they hold no file: a command that failed before writing anything (a full disk) leaves no empty folder
     * behind. Files are never deleted, so a folder holding one (a checkpoint to resume from) stays.
     *
     * @param topCreated what {@link #topmostMissing} said before the command created {@code folder}; null: nothing
     */
    public static void removeCreatedFolders(Path folder, Path topCreated) {
        if (topCreated == null) {
            return;
        }
        Path start = folder.toAbsolutePath().normalize();
        if (Files.isDirectory(start)) {
            try (Stream<Path> tree = Files.walk(start)) {
                for (Path f : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    deleteIfEmpty(f);
                }
            } catch (IOException | UncheckedIOException unreadable) {
                return;
            }
        }
        for (Path f = start; f != null && f.startsWith(topCreated); f = f.getParent()) {
            if (!deleteIfEmpty(f)) {
                return;
            }
        }
    }

    private static boolean deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
            return true;
        } catch (IOException notEmpty) {
            return false;
        }
    }

    /**
     * Removes a folder and everything in it as one step a reader can see: it is first renamed to a hidden temporary
     * sibling (so it is whole or gone, never half-deleted under its own name), then deleted there. A crash during
     * the deletion leaves only that sibling, which readers skip as they skip any temporary file.
     *
     * @param folder the folder; nothing happens if it does not exist
     * @throws IOException if it cannot be renamed or deleted
     */
    public static void removeTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path aside = folder.toAbsolutePath().resolveSibling("." + folder.getFileName() + "." + UUID.randomUUID()
                + TEMPORARY_SUFFIX);
        Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
        forceFolder(aside.getParent());
        deleteTree(aside);
    }

    /**
     * Deletes a folder and everything in it, deepest first, where it lies: for temporary folders no reader looks at
     * ({@link #removeTree} for one that readers see).
     *
     * @param root a folder or file; nothing happens if it does not exist
     * @throws IOException if it cannot be walked or a path cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** @return whether {@code file}'s name marks it as a temporary file of {@link #write} */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX);
    }

    /** Makes the rename durable where the platform allows syncing a directory (Linux does; Windows does not). */
    private static void forceFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file itself is complete either way
        }
    }
}
