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
import java.util.Set;

/**
 * Checkpoints in PyTorch's {@code torch.save} format: a file written here loads in Python with
 * {@code torch.load}, and what Python's {@code torch.save} writes loads here: a {@code model.state_dict()}, nested
 * training checkpoints (MoCo, SwAV, VISSL layouts), in the zip format or the legacy one of PyTorch before 1.6.
 * Reading is done in Java ({@link TorchCheckpoint}), writing by libtorch.
 *
 * <p>Saving writes a temporary file beside the target, forces it to disk and renames it over the target in one
 * step, so a crash leaves either the old checkpoint or the new one, never half of one.
 */
public final class Checkpoints {
    private static final System.Logger LOG = System.getLogger(Checkpoints.class.getName());

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
     * Reads a checkpoint's tensors, in the file's order, into a new map owned by the current scope. Nested dicts and
     * lists (e.g. MoCo's {@code {"epoch": .., "state_dict": {...}, "optimizer": {...}}}) come flattened with dots
     * ({@code state_dict.module.encoder_q.conv1.weight}); non-tensor entries are skipped (see {@link #read} for them).
     *
     * @throws CheckpointException naming the file and the fix, also when tensors sit only inside objects of classes
     *                             RepBench does not rebuild (e.g. a whole pickled {@code nn.Module})
     */
    public static Map<String, Tensor> load(Path file) {
        TorchCheckpoint checkpoint = read(file);
        if (checkpoint.tensors().isEmpty() && !checkpoint.warnings().isEmpty()) {
            throw new CheckpointException("checkpoint " + checkpoint.file() + " has no tensors RepBench can name: "
                    + String.join("; ", checkpoint.warnings()));
        }
        if (checkpoint.tensors().isEmpty()) {
            // Say what is there instead: a pickle asking for other classes (never built, never run) is the case to name.
            throw new CheckpointException("checkpoint " + checkpoint.file() + " holds no tensors" + (checkpoint.opaqueObjects()
                    .isEmpty() ? "" : ", only objects of classes RepBench does not read, which were neither built nor run: "
                    + String.join(", ", checkpoint.opaqueObjects())) + "; save the weights with"
                    + " torch.save(model.state_dict(), path)");
        }
        checkpoint.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, "checkpoint " + checkpoint.file() + ": " + w));
        return new LinkedHashMap<>(checkpoint.tensors());
    }

    /**
     * Reads a torch.save file, zip or legacy format, with RepBench's own reader (no Python; nothing in the file is
     * executed): its tensors and its other contents (epoch, arch, argparse arguments...). The tensors belong to the
     * current scope.
     */
    public static TorchCheckpoint read(Path file) {
        Path source = file.toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new CheckpointException("checkpoint " + source + " does not exist or is not a file: check the path");
        }
        if (!Files.isReadable(source)) {
            throw new CheckpointException("checkpoint " + source + " is not readable: check its permissions");
        }
        try {
            return TorchSaveReader.read(source);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the checkpoint " + source + ": " + e.getMessage()
                    + " (check that the file is complete and readable)", e);
        } catch (TorchException e) {
            throw new CheckpointException("cannot rebuild the tensors of the checkpoint " + source + ": " + e.getMessage()
                    + " (the file is probably damaged; re-download or re-save it)", e);
        }
    }

    /**
     * Loads the encoder part of a training checkpoint into {@code module}, strictly: the layout picks the
     * encoder's keys (see {@link CheckpointLayout}); every parameter and buffer of the module must be there, with
     * its shape, and nothing else may remain. {@code layout} null detects the layout from the keys.
     *
     * @return what was kept and set aside
     * @throws StateDictMismatchException listing missing and unexpected keys and the layout used
     */
    public static CheckpointLayout.Selection loadInto(Module module, Path file, CheckpointLayout layout) {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> stored = load(file);
            Set<String> modelKeys = module.stateDict().keySet();
            CheckpointLayout chosen = layout != null ? layout : CheckpointLayout.detect(stored.keySet(), modelKeys);
            CheckpointLayout.Selection selection = chosen.select(stored, modelKeys);
            try {
                module.loadStateDict(selection.tensors(), true);
            } catch (StateDictMismatchException e) {
                throw new StateDictMismatchException("checkpoint " + file.toAbsolutePath() + " read as layout '"
                        + chosen.name() + "' (encoder keys under '" + chosen.prefix() + "'" + (layout == null ? ", detected" : "")
                        + "): " + e.getMessage());
            }
            return new CheckpointLayout.Selection(chosen, Map.of(), selection.droppedHeads(), selection.outsidePrefix());
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
