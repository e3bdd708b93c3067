package dev.repbench.torch.io;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.TorchException;
import dev.repbench.torch.TorchSaveFormat;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.StateDictMismatchException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkpoints in PyTorch's {@code torch.save} format: a file written here loads in Python with
 * {@code torch.load}, and a {@code torch.save(model.state_dict(), path)} from Python loads here.
 *
 * <p>Saving writes a temporary file beside the target, forces it to disk and renames it over the target in one
 * step, so a crash leaves either the old checkpoint or the new one, never half of one.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** Saves named tensors (e.g. a {@link Module#stateDict()}) to {@code file}, atomically replacing it. */
    public static void save(Path file, Map<String, Tensor> tensors) {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".partial");
            TorchSaveFormat.write(temporary, tensors);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            moveAtomically(temporary, target);
            temporary = null;
        } catch (IOException | TorchException e) {
            throw new CheckpointException("cannot save the checkpoint " + target + ": " + e.getMessage()
                    + " (check that the folder is writable and the disk has space)", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Saves {@code module}'s state dict to {@code file}, atomically replacing it. */
    public static void save(Path file, Module module) {
        try (Scope s = Scope.open()) {
            save(file, module.stateDict());
        }
    }

    /**
     * Reads a checkpoint's tensors, in the file's order, into a new map owned by the current scope. Nested dicts
     * (e.g. {@code {"state_dict": {...}}}) come flattened with dots; non-tensor entries are skipped.
     */
    public static Map<String, Tensor> load(Path file) {
        Path source = file.toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new CheckpointException("checkpoint " + source + " does not exist or is not a file: check the path");
        }
        if (!Files.isReadable(source)) {
            throw new CheckpointException("checkpoint " + source + " is not readable: check its permissions");
        }
        try {
            return new LinkedHashMap<>(TorchSaveFormat.read(source));
        } catch (TorchException e) {
            throw new CheckpointException("cannot read the checkpoint " + source + ": " + e.getMessage() + " (" + readingAdvice(e)
                    + ")", e);
        }
    }

    /** What to do about a file libtorch's C++ reader refused; its own messages name opcodes and asserts. */
    private static String readingAdvice(TorchException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Expected GenericDict but got None")) {
            return "it looks like torch.save(model.state_dict(), path): libtorch's C++ reader cannot read the OrderedDict"
                    + " that state_dict() returns; re-save it in Python as torch.save(dict(model.state_dict()), path)";
        }
        if (message.contains("Unknown opcode for unpickling at 0x73")) {
            return "it looks like a dict with a single entry, which libtorch's C++ reader cannot read; re-save it in"
                    + " Python with at least two entries, or from RepBench";
        }
        return "it must be a dict of tensors written by torch.save in the zip format (PyTorch >= 1.6), e.g."
                + " torch.save(dict(model.state_dict()), path), and complete: re-save or re-download it";
    }

    /**
     * Loads a checkpoint into {@code module} (see {@link Module#loadStateDict}). Keys starting with
     * {@code stripPrefix} (e.g. {@code "module."} from DataParallel, {@code "encoder."}) lose it first; keys
     * without it stay as they are. {@code ""} strips nothing.
     *
     * @throws StateDictMismatchException naming the file and every missing, unexpected or mis-shaped entry
     */
    public static Module.LoadResult loadInto(Module module, Path file, String stripPrefix, boolean strict) {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> stored = load(file);
            Map<String, Tensor> renamed = new LinkedHashMap<>();
            stored.forEach((name, t) -> renamed.put(
                    !stripPrefix.isEmpty() && name.startsWith(stripPrefix) ? name.substring(stripPrefix.length()) : name, t));
            try {
                return module.loadStateDict(renamed, strict);
            } catch (StateDictMismatchException e) {
                throw new StateDictMismatchException("checkpoint " + file.toAbsolutePath()
                        + (stripPrefix.isEmpty() ? "" : " (prefix '" + stripPrefix + "' stripped)") + ": " + e.getMessage());
            }
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot rename atomically", e);
        }
        // Make the rename itself durable; not every platform lets a folder be opened, and then there is nothing to force.
        try (FileChannel folder = FileChannel.open(to.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the data is already on disk
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the original error is the one worth reporting
            }
        }
    }
}
