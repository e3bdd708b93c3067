package dev.repbench.runtime.features.session;

import ai.onnxruntime.OrtEnvironment;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * ONNX Runtime's native libraries, copied once into the user cache and loaded from there.
 *
 * <p>Left to itself, ONNX Runtime's Java loader writes its libraries (28 MB on linux-x64) into a fresh folder under
 * {@code java.io.tmpdir} in every process and deletes them after loading; a process killed in between (a cancelled
 * Slurm task, a crash test) leaves the 28 MB behind, and a study starts hundreds of processes. Pointing ONNX Runtime's
 * own {@value #PATH_PROPERTY} property at one verified copy per ONNX Runtime build removes both the writes and the
 * leftovers. Best effort: when the copy cannot be made (no platform libraries in the jar, a read-only home), ONNX
 * Runtime extracts as it always did.
 */
final class OrtNativeLibraries {
    /** ONNX Runtime's property naming a folder that holds all its native libraries. */
    static final String PATH_PROPERTY = "onnxruntime.native.path";

    private OrtNativeLibraries() {
    }

    /**
     * Sets {@value #PATH_PROPERTY} to the cached copy of this ONNX Runtime build's libraries, making the copy first
     * if needed; does nothing when the property is already set (the user's choice wins) or a copy cannot be made.
     * Must run before ONNX Runtime loads, which reads the property once.
     */
    static void useCachedCopy() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            Path folder = cachedCopy(UserCache.folder().resolve("native"));
            if (folder != null) {
                System.setProperty(PATH_PROPERTY, folder.toString());
            }
        } catch (IOException | RuntimeException e) {
            // ONNX Runtime falls back to its own extraction into java.io.tmpdir, which works, only wastefully.
        }
    }

    /**
     * The folder under {@code cacheFolder} holding this platform's libraries from the ONNX Runtime jar on the class
     * path, copied there if absent or incomplete; {@code null} when the jar has none for this platform. The folder's
     * name carries the version and a digest of the libraries' names, sizes and CRCs, so another build (the GPU
     * artifact, a new version) gets its own folder.
     */
    static Path cachedCopy(Path cacheFolder) throws IOException {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        String prefix = "ai/onnxruntime/native/" + platform + "/";
        URL probe = OrtEnvironment.class.getClassLoader().getResource(prefix + System.mapLibraryName("onnxruntime"));
        if (probe == null || !(probe.openConnection() instanceof JarURLConnection connection)) {
            return null;
        }
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            List<JarEntry> libraries = new ArrayList<>();
            CRC32 identity = new CRC32();
            jar.stream()
                    .filter(e -> !e.isDirectory() && e.getName().startsWith(prefix)
                            && e.getName().indexOf('/', prefix.length()) < 0)
                    .sorted((a, b) -> a.getName().compareTo(b.getName()))
                    .forEach(e -> {
                        libraries.add(e);
                        identity.update((e.getName() + ':' + e.getSize() + ':' + e.getCrc() + ';').getBytes());
                    });
            String version = OrtEnvironment.class.getPackage().getImplementationVersion();
            Path folder = cacheFolder.resolve("onnxruntime-" + (version == null ? "unknown" : version) + "-" + platform
                    + "-" + HexFormat.of().toHexDigits((int) identity.getValue()));
            for (JarEntry library : libraries) {
                Path target = folder.resolve(library.getName().substring(prefix.length()));
                if (Files.isRegularFile(target) && Files.size(target) == library.getSize()) {
                    continue;
                }
                // Atomic, so a process loading from the folder never maps a half-written library.
                try (InputStream in = jar.getInputStream(library)) {
                    AtomicFiles.write(target, in::transferTo);
                }
            }
            return folder;
        }
    }

    /** ONNX Runtime's name for this platform's resource folder ({@code linux-x64}, {@code osx-aarch64}, ...). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : null;
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return osName == null || archName == null ? null : osName + "-" + archName;
    }
}
