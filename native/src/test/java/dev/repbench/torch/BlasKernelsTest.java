package dev.repbench.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The OpenBLAS kernels libtorch runs: RepBench pins the Haswell ones on a processor with AVX2 and FMA unless the user
 * chose, as OpenBLAS itself reports them ({@code OPENBLAS_VERBOSE=2} prints {@code Core: NAME} when it loads). Each
 * case is a fresh JVM started without {@code OPENBLAS_CORETYPE}, as {@code java -jar repbench.jar} or a Slurm task
 * would be.
 */
class BlasKernelsTest {
    private record Child(String out, String openBlasCore) {
    }

    private static Child child(Consumer<Map<String, String>> environment) throws IOException, InterruptedException {
        ChildJvm.Output output = ChildJvm.run(BlasKernelsChild.class, env -> {
            env.remove("OPENBLAS_CORETYPE");
            env.put("OPENBLAS_VERBOSE", "2");
            environment.accept(env);
        });
        String out = output.out();
        String err = output.err();
        String core = (out + err).lines().filter(l -> l.startsWith("Core: ")).findFirst()
                .orElseThrow(() -> new AssertionError("OpenBLAS printed no core (is libtorch's BLAS OpenBLAS?): " + out + err));
        return new Child(out, core.substring("Core: ".length()).strip());
    }

    /** Whether this machine's processor has AVX2 and FMA, read here from /proc/cpuinfo. */
    private static boolean avx2AndFma() throws IOException {
        List<String> flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                .findFirst().map(l -> List.of(l.substring(l.indexOf(':') + 1).strip().split("\\s+"))).orElse(List.of());
        return flags.contains("avx2") && flags.contains("fma");
    }

    @Test
    void withoutTheUsersChoiceOpenBlasRunsTheHaswellKernelsWhereTheProcessorHasThem() throws Exception {
        Child c = child(env -> { });
        if (avx2AndFma()) {
            assertEquals("Haswell", c.openBlasCore(), "OpenBLAS runs the pinned kernels");
            assertTrue(c.out().contains("kernels: OpenBLAS kernels Haswell: OPENBLAS_CORETYPE=Haswell (RepBench's default"),
                    c.out());
        } else {
            assertTrue(c.out().contains("OpenBLAS's own choice (this processor lacks AVX2 or FMA"), c.out());
        }
    }

    @Test
    void theUsersKernelsWin() throws Exception {
        Child c = child(env -> env.put("OPENBLAS_CORETYPE", "Prescott"));
        assertEquals("Prescott", c.openBlasCore(), "OpenBLAS runs the kernels the user named");
        assertTrue(c.out().contains("kernels: OpenBLAS kernels Prescott: OPENBLAS_CORETYPE=Prescott (set by the user)"),
                c.out());
    }

    @Test
    void aPyTorchBaselineGetsTheKernelsThisProcessRunsUnlessItsEnvironmentNamesSome() throws Exception {
        Torch.load();
        Map<String, String> child = new HashMap<>();
        Torch.exportNativeSettings(child);
        String own = System.getenv("OPENBLAS_CORETYPE");
        if (own != null || avx2AndFma()) {
            assertEquals(own != null ? own : "Haswell", child.get("OPENBLAS_CORETYPE"), child.toString());
        } else {
            assertTrue(!child.containsKey("OPENBLAS_CORETYPE"), child.toString());
        }
        Map<String, String> named = new HashMap<>(Map.of("OPENBLAS_CORETYPE", "Zen"));
        Torch.exportNativeSettings(named);
        assertEquals("Zen", named.get("OPENBLAS_CORETYPE"));
    }
}
