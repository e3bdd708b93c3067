package dev.repbench.torch.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Finds and loads the libtorch shim ({@code librepbench_torch.so}) once per process.
 *
 * <p>Where it comes from, first match wins:
 * <ol>
 *   <li>the system property {@value #PATH_PROPERTY} (a path to the .so);</li>
 *   <li>the environment variable {@value #PATH_ENV};</li>
 *   <li>the copy built into this jar ({@code native/linux-x86_64/}), extracted into a cache folder keyed by its
 *       sha-256 (a shared library must be a file to be loaded).</li>
 * </ol>
 * A shim built against a CUDA libtorch is used by pointing the property or variable at it.
 */
public final class ShimLibrary {
    public static final String PATH_PROPERTY = "repbench.torch.library";
    public static final String PATH_ENV = "REPBENCH_TORCH_LIBRARY";
    private static final String RESOURCE = "/native/linux-x86_64/librepbench_torch.so";

    private static volatile Path loadedFrom;

    private ShimLibrary() {
    }

    /** The path the shim was loaded from (loading it if needed). */
    public static Path path() {
        lookup();
        return loadedFrom;
    }

    static SymbolLookup lookup() {
        Path path = locate();
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(path, Arena.global());
            loadedFrom = path;
            return lookup;
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError("cannot load the libtorch shim " + path + ": " + e.getMessage()
                    + ". Is libtorch installed? On Debian: apt-get install libtorch-dev libopenblas0-pthread"
                    + " (or run ./repbench, which installs what is missing).");
        }
    }

    private static Path locate() {
        String configured = System.getProperty(PATH_PROPERTY);
        String source = "-D" + PATH_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(PATH_ENV);
            source = "$" + PATH_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(path)) {
                throw new UnsatisfiedLinkError(source + " names " + path + ", which is not a file: build the shim"
                        + " (mvn -pl native package) or unset " + source);
            }
            return path;
        }
        return extractBundled();
    }

    private static Path extractBundled() {
        byte[] bytes;
        try (InputStream in = ShimLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("the libtorch shim is not in this build (" + RESOURCE + " missing):"
                        + " build it with ./repbench or mvn -pl native package, which needs libtorch-dev, cmake and g++");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled libtorch shim", e);
        }
        Path target = cacheRoot().resolve("native").resolve(sha256(bytes).substring(0, 16)).resolve("librepbench_torch.so");
        try {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "librepbench_torch", ".tmp");
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the libtorch shim to " + target
                    + ": set -D" + PATH_PROPERTY + " or REPBENCH_CACHE to a writable place", e);
        }
    }

    private static Path cacheRoot() {
        String explicit = System.getenv("REPBENCH_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("repbench");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
