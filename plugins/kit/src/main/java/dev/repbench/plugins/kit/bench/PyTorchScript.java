package dev.repbench.plugins.kit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The PyTorch side of a benchmark: a Python script from a class's resources, written to a temporary folder beside the
 * modules the kit shares with every such script ({@code torchvision_resnet.py}: torchvision's ResNets, or the same
 * layers where torchvision is missing, and RepBench's small-image ResNet-18, so one reference network serves all;
 * {@code step_timing.py}: warm-up then each step timed alone, as the Java side times its steps).
 * Python puts a script's own folder first on its path, so the script imports them by name. Closing deletes the folder.
 * <pre>{@code
 * try (PyTorchScript script = PyTorchScript.extract(MyBenchmark.class, "my_step_pytorch.py")) {
 *     new ProcessBuilder(python, script.file().toString(), ...).start();
 * }
 * }</pre>
 */
public final class PyTorchScript implements AutoCloseable {
    /** The kit's modules every script may import, resources of this package. */
    static final List<String> SHARED_MODULES = List.of("torchvision_resnet.py", "step_timing.py");

    private final Path folder;
    private final Path file;

    private PyTorchScript(Path folder, Path file) {
        this.folder = folder;
        this.file = file;
    }

    /**
     * Writes {@code owner}'s resource {@code script} (a name relative to {@code owner}'s package) and the kit's shared
     * modules into a new temporary folder.
     *
     * @throws IllegalStateException if {@code owner} has no such resource
     * @throws IOException           if the folder cannot be written
     */
    public static PyTorchScript extract(Class<?> owner, String script) throws IOException {
        Objects.requireNonNull(owner, "owner");
        Path folder = Files.createTempDirectory("repbench-pytorch-");
        try {
            copy(owner, script, folder);
            for (String module : SHARED_MODULES) {
                copy(PyTorchScript.class, module, folder);
            }
            return new PyTorchScript(folder, folder.resolve(script));
        } catch (IOException | RuntimeException e) {
            delete(folder);
            throw e;
        }
    }

    private static void copy(Class<?> owner, String resource, Path folder) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the resources of " + owner.getName());
            }
            Files.write(folder.resolve(resource), in.readAllBytes());
        }
    }

    /** @return the script, to hand to the interpreter */
    public Path file() {
        return file;
    }

    /** Deletes the folder and everything in it (Python may have added a {@code __pycache__}). */
    @Override
    public void close() {
        try {
            delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
