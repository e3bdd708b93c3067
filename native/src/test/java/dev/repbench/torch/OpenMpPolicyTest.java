package dev.repbench.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The OpenMP wait policy libtorch's threads run with: RepBench's default (sleep at once, {@code PASSIVE}) unless the
 * user chose, as libgomp itself reports it ({@code OMP_DISPLAY_ENV=VERBOSE} prints its settings when it loads:
 * {@code GOMP_SPINCOUNT = '0'} is passive, {@code '300000'} libgomp's spinning default). Each case is a fresh JVM
 * started without the variables, as {@code java -jar repbench.jar} or a Slurm task would be; and the launcher exports
 * the same default unless the user set one.
 */
class OpenMpPolicyTest {
    private record Child(String out, String libgomp) {
    }

    private static Child child(Consumer<Map<String, String>> environment) throws IOException, InterruptedException {
        ChildJvm.Output output = ChildJvm.run(OpenMpPolicyChild.class, env -> {
            env.remove("OMP_WAIT_POLICY");
            env.remove("GOMP_SPINCOUNT");
            env.put("OMP_DISPLAY_ENV", "VERBOSE");
            environment.accept(env);
        });
        String out = output.out();
        String err = output.err();
        String spins = err.lines().filter(l -> l.strip().startsWith("GOMP_SPINCOUNT = ")).findFirst()
                .orElseThrow(() -> new AssertionError("libgomp printed no settings (is libtorch built with GNU OpenMP?): " + err));
        return new Child(out, spins.strip());
    }

    @Test
    void withoutTheUsersChoiceLibtorchsThreadsSleepAtBarriers() throws Exception {
        Child c = child(env -> { });
        assertEquals("GOMP_SPINCOUNT = '0'", c.libgomp(), "libgomp runs passive");
        assertTrue(c.out().contains("policy: OMP_WAIT_POLICY=PASSIVE (RepBench's default)"), c.out());
    }

    @Test
    void theUsersWaitPolicyWins() throws Exception {
        Child c = child(env -> env.put("OMP_WAIT_POLICY", "ACTIVE"));
        assertEquals("GOMP_SPINCOUNT = '30000000000'", c.libgomp(), "libgomp spins, as asked");
        assertTrue(c.out().contains("policy: OMP_WAIT_POLICY=ACTIVE (set by the user)"), c.out());
    }

    @Test
    void theUsersSpinCountWins() throws Exception {
        Child c = child(env -> env.put("GOMP_SPINCOUNT", "300000"));
        assertEquals("GOMP_SPINCOUNT = '300000'", c.libgomp(), "libgomp's own default, as asked");
        assertTrue(c.out().contains("policy: GOMP_SPINCOUNT=300000 (set by the user)"), c.out());
    }

    @Test
    void theLauncherExportsTheDefaultUnlessTheUserSetOne() throws Exception {
        Path launcher = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent().resolve("repbench");
        assertTrue(Files.isRegularFile(launcher), launcher.toString());
        assertEquals(List.of("OMP_WAIT_POLICY=PASSIVE", "GOMP_SPINCOUNT="), launcherEnv(launcher, Map.of()));
        assertEquals(List.of("OMP_WAIT_POLICY=ACTIVE", "GOMP_SPINCOUNT="), launcherEnv(launcher, Map.of("OMP_WAIT_POLICY", "ACTIVE")));
        assertEquals(List.of("OMP_WAIT_POLICY=", "GOMP_SPINCOUNT=1000"), launcherEnv(launcher, Map.of("GOMP_SPINCOUNT", "1000")));
    }

    private static List<String> launcherEnv(Path launcher, Map<String, String> set) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "env").redirectErrorStream(true);
        builder.environment().remove("OMP_WAIT_POLICY");
        builder.environment().remove("GOMP_SPINCOUNT");
        builder.environment().putAll(set);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }
}
