package dev.repbench.runtime.features.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtNativeLibrariesTest {
    @TempDir
    Path temp;

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void copiesThePlatformLibrariesOnceAndRepairsADamagedCopy() throws IOException {
        Path folder = OrtNativeLibraries.cachedCopy(temp);
        assertNotNull(folder, "the ONNX Runtime jar holds libraries for " + OrtNativeLibraries.platform());
        Path library = folder.resolve(System.mapLibraryName("onnxruntime"));
        Path jni = folder.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        assertTrue(Files.size(library) > 1_000_000, "the runtime library is copied whole");
        assertTrue(Files.size(jni) > 10_000, "the JNI library is copied");
        assertTrue(folder.getFileName().toString().startsWith("onnxruntime-"), folder.toString());
        List<Path> copied = files(folder);
        assertTrue(copied.containsAll(List.of(library, jni)), copied.toString());
        assertTrue(copied.stream().noneMatch(p -> p.getFileName().toString().startsWith(".")),
                "no temporary file is left: " + copied);

        FileTime written = Files.getLastModifiedTime(library);
        Files.setLastModifiedTime(library, FileTime.fromMillis(written.toMillis() - 60_000));
        FileTime aged = Files.getLastModifiedTime(library);
        assertEquals(folder, OrtNativeLibraries.cachedCopy(temp), "the same build gets the same folder");
        assertEquals(aged, Files.getLastModifiedTime(library), "a complete copy is not written again");

        long size = Files.size(library);
        Files.write(library, new byte[] {0x7f, 'E', 'L', 'F'}); // a copy cut short (a full disk, an old crash)
        OrtNativeLibraries.cachedCopy(temp);
        assertEquals(size, Files.size(library), "a damaged copy is replaced");
    }

    /** What a RepBench process does: ONNX Runtime loads from the cached copy and writes nothing to the temp folder. */
    @Test
    void aProcessLoadsFromTheCacheAndLeavesNothingInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Path cache = temp.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), LoadOnnxRuntime.class.getName())
                .redirectErrorStream(true);
        child.environment().put("REPBENCH_CACHE", cache.toString());
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith(cache.resolve("native").toString()), "loaded from the cache: " + output);
        assertTrue(output.contains(" 1."), "ONNX Runtime ran: " + output);
        assertEquals(List.of(), files(tmp), "nothing extracted to the temporary folder");
    }

    /** The child process of the test above. */
    public static final class LoadOnnxRuntime {
        public static void main(String[] args) {
            String version = OnnxEngine.version();
            System.out.println(System.getProperty(OrtNativeLibraries.PATH_PROPERTY) + " " + version);
        }
    }
}
