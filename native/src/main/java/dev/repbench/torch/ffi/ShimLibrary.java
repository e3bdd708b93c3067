package dev.repbench.torch.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Finds and loads the libtorch shim ({@code librepbench_torch.so}) once per process, and checks that it was
 * built from the header these bindings were generated from.
 *
 * <p>Where it comes from, first match wins:
 * <ol>
 *   <li>the system property {@value #PATH_PROPERTY} (a path to the .so);</li>
 *   <li>the environment variable {@value #PATH_ENV};</li>
 *   <li>the copy built into this jar ({@code native/linux-x86_64/}), extracted into a cache folder keyed by its
 *       sha-256 (a shared library must be a file to be loaded).</li>
 * </ol>
 * A shim built against a CUDA libtorch is used by pointing the property or variable at it.
 *
 * <p>The bindings resolve the library when their class initialises, that is on the first native call of the
 * process, whatever it is; the ABI check runs right there, so a stale or foreign shim fails before any work
 * with one {@link UnsatisfiedLinkError} naming the file and the fix.
 */
public final class ShimLibrary {
    public static final String PATH_PROPERTY = "repbench.torch.library";
    public static final String PATH_ENV = "REPBENCH_TORCH_LIBRARY";
    private static final String RESOURCE = "/native/linux-x86_64/librepbench_torch.so";
    private static final String BUNDLED = "bundled in the jar";

    private static volatile Path loadedFrom;
    private static volatile SymbolLookup symbols;

    private ShimLibrary() {
    }

    /** The path the shim was loaded from (loading and checking it if needed). */
    public static Path path() {
        // Initialising the bindings loads the shim once, through lookup().
        repbench_torch_h.rb_abi_version();
        return loadedFrom;
    }

    /**
     * The symbols of the shim and of the libraries it loaded (libtorch, its BLAS), loading it if needed: a lookup
     * of a library also searches its dependencies.
     */
    static SymbolLookup symbols() {
        path();
        return symbols;
    }

    static SymbolLookup lookup() {
        Located located = locate();
        OpenMpPolicy.applyDefault(); // before libtorch (and its libgomp) is loaded, which reads it once
        BlasKernels.applyDefault();  // before OpenBLAS is loaded, which picks its kernels once
        SymbolLookup lookup = open(located.path(), located.source(), repbench_torch_h.RB_ABI_VERSION());
        loadedFrom = located.path();
        symbols = lookup;
        return lookup;
    }

    /** Where the shim comes from, in words for error messages, e.g. {@code -Drepbench.torch.library}. */
    private record Located(Path path, String source) {
    }

    /**
     * Loads {@code path} and checks that its {@code rb_abi_version()} is {@code expectedAbi}; the error names the
     * file, where it was chosen ({@code source}) and the fix.
     */
    static SymbolLookup open(Path path, String source, int expectedAbi) {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError("cannot load the libtorch shim " + path + " (" + source + "): " + e.getMessage()
                    + ". Is libtorch installed? On Debian: apt-get install libtorch-dev libopenblas0-pthread"
                    + " (or run ./repbench, which installs what is missing).");
        }
        MemorySegment symbol = lookup.find("rb_abi_version").orElseThrow(() -> new UnsatisfiedLinkError(
                "the library " + path + " (" + source + ") is not RepBench's libtorch shim: it has no rb_abi_version. "
                        + rebuildAdvice(source)));
        int abi;
        try {
            abi = (int) Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("calling rb_abi_version in " + path, t);
        }
        if (abi != expectedAbi) {
            throw new UnsatisfiedLinkError("the libtorch shim " + path + " (" + source + ") has ABI version " + abi
                    + " but these bindings expect " + expectedAbi + ": it was built from another version of"
                    + " repbench_torch.h. " + rebuildAdvice(source));
        }
        return lookup;
    }

    private static String rebuildAdvice(String source) {
        String rebuild = "Rebuild it from these sources (mvn -pl native package, or ./repbench, which rebuilds what is stale)";
        return source.equals(BUNDLED) ? rebuild + "." : rebuild + " or unset " + source + " to use the shim bundled in this jar.";
    }

    private static Located locate() {
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
            return new Located(path, source);
        }
        return new Located(extractBundled(), BUNDLED);
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
