package dev.repbench.torch.ffi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shim's ABI is checked where it is loaded, so the first native call of a process fails with one clear
 * error, whatever that call is, when the shim comes from another header. The mismatching shims are tiny C
 * libraries compiled here with the system's C compiler (the shim's own build needs one too).
 */
class ShimAbiCheckTest {
    @TempDir
    static Path folder;
    private static Path wrongAbi;
    private static Path foreign;

    @BeforeAll
    static void compileFakeShims() throws Exception {
        wrongAbi = compile("wrong_abi", "int rb_abi_version(void) { return 999; }\n");
        foreign = compile("foreign", "int something_else(void) { return 1; }\n");
    }

    private static Path compile(String name, String source) throws Exception {
        Path c = folder.resolve(name + ".c");
        Path library = folder.resolve("lib" + name + ".so");
        Files.writeString(c, source);
        String output = run(List.of("cc", "-shared", "-fPIC", "-o", library.toString(), c.toString()), 60);
        assertTrue(Files.isRegularFile(library), "cc made no " + library + ": " + output);
        return library;
    }

    private static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    @Test
    void theLoadedShimPassesTheCheck() {
        Path loaded = ShimLibrary.path();
        assertDoesNotThrow(() -> ShimLibrary.open(loaded, "test", repbench_torch_h.RB_ABI_VERSION()));
    }

    @Test
    void aShimWithAnotherAbiIsRefusedNamingTheFileAndTheFix() {
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class,
                () -> ShimLibrary.open(wrongAbi, "-D" + ShimLibrary.PATH_PROPERTY, repbench_torch_h.RB_ABI_VERSION()));
        assertContains(e.getMessage(), wrongAbi.toString(), "-Drepbench.torch.library", "ABI version 999",
                "these bindings expect " + repbench_torch_h.RB_ABI_VERSION(), "mvn -pl native package",
                "or unset -Drepbench.torch.library");
    }

    @Test
    void aLibraryThatIsNotTheShimIsRefused() {
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class,
                () -> ShimLibrary.open(foreign, "$" + ShimLibrary.PATH_ENV, repbench_torch_h.RB_ABI_VERSION()));
        assertContains(e.getMessage(), foreign.toString(), "not RepBench's libtorch shim", "no rb_abi_version",
                "unset $REPBENCH_TORCH_LIBRARY");
    }

    @Test
    void theFirstNativeCallOfAProcessRunsTheCheck() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output = run(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-D" + ShimLibrary.PATH_PROPERTY + "=" + wrongAbi, "-cp", System.getProperty("java.class.path"),
                FirstNativeCall.class.getName()), 120);
        assertContains(output, "java.lang.UnsatisfiedLinkError: the libtorch shim " + wrongAbi,
                "has ABI version 999 but these bindings expect " + repbench_torch_h.RB_ABI_VERSION(), "Rebuild it");
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message lacks '" + p + "': " + message);
        }
    }
}
