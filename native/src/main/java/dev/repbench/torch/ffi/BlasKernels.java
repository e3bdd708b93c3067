package dev.repbench.torch.ffi;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which OpenBLAS kernels libtorch's float32 matrix products run on, chosen before libtorch is loaded.
 *
 * <p>OpenBLAS picks its kernels by the processor it finds, and each set sums in its own order, so the same float32
 * product gives other last bits on another processor model. Training amplifies that: the quickstart's MoCo v2
 * encoder (its loss's logits are float32 products) and the multi-input fusion heads (float32 layers trained for 100
 * epochs) came out different on an AMD Zen 4 and a Zen 5 with the same software, because Debian's OpenBLAS 0.3.21 ran
 * its Cooperlake kernels on the Zen 4 and its Haswell kernels on the Zen 5 (whose shell set {@value #CORETYPE}); with
 * the Zen 4 on the Haswell kernels the two gave the same encoders and scores to the digit (docs/run-spec.md,
 * "Reproducibility").
 * So RepBench pins {@value #DEFAULT}'s kernels, which every x86-64 processor with AVX2 and FMA runs, with libc's
 * {@code setenv} of {@value #CORETYPE} just before the shim (and so libtorch and OpenBLAS) is loaded: the same
 * OpenBLAS then gives the same bits on every such processor. It costs little: OpenBLAS carries only libtorch's
 * float32 matrix products (convolutions and bf16 products run on oneDNN), which in RepBench are heads and losses,
 * not encoders; a large float32 product runs slower on a processor with full-width AVX-512 (docs/run-spec.md).
 *
 * <p>The user's choice wins: a set {@value #CORETYPE} is left as it is (any OpenBLAS core name, e.g.
 * {@code SkylakeX}). Nothing is pinned on a processor without AVX2 and FMA, or where OpenBLAS was loaded before the
 * shim; {@link #state()} says which. A libtorch on another BLAS (MKL, in PyTorch's own builds) ignores the variable.
 */
public final class BlasKernels {
    /** OpenBLAS's variable naming the kernels to run instead of the ones it would pick. */
    public static final String CORETYPE = "OPENBLAS_CORETYPE";
    /** The kernels RepBench pins: OpenBLAS's AVX2 and FMA ones. */
    public static final String DEFAULT = "Haswell";
    /** What the pinned kernels need of the processor ({@code /proc/cpuinfo}'s flag names). */
    private static final Set<String> NEEDED = Set.of("avx2", "fma");

    private static volatile String state = "not applied yet (libtorch not loaded)";

    private BlasKernels() {
    }

    /**
     * Pins {@value #DEFAULT} when the user set no {@value #CORETYPE}, the processor runs it, and OpenBLAS is not
     * loaded yet. Called by {@link ShimLibrary} before it loads the shim; never throws.
     */
    static synchronized void applyDefault() {
        try {
            String chosen = CEnvironment.get(CORETYPE);
            if (chosen != null) {
                state = CORETYPE + "=" + chosen + " (set by the user)";
            } else if (CEnvironment.libraryMapped("libopenblas")) {
                state = "OpenBLAS's own choice (it was loaded before RepBench could set " + CORETYPE + "=" + DEFAULT
                        + "; export it before starting the JVM)";
            } else if (!runsPinnedKernels(cpuFlags())) {
                state = "OpenBLAS's own choice (this processor lacks AVX2 or FMA, which the " + DEFAULT
                        + " kernels RepBench pins need)";
            } else {
                CEnvironment.setIfAbsent(CORETYPE, DEFAULT);
                state = CORETYPE + "=" + DEFAULT + " (RepBench's default: the same kernels on every processor with"
                        + " AVX2 and FMA)";
            }
        } catch (Throwable t) {
            state = "unknown (" + t + ")";
        }
    }

    /**
     * Which kernels libtorch's BLAS runs, in words, e.g. {@code OpenBLAS kernels Haswell: OPENBLAS_CORETYPE=Haswell
     * (RepBench's default: …)}, as OpenBLAS itself names them; for another BLAS, that it is not OpenBLAS.
     */
    public static String state() {
        String core = openBlasCore();
        return core == null ? "not OpenBLAS (RepBench pins only OpenBLAS's kernels)" : "OpenBLAS kernels " + core + ": " + state;
    }

    /**
     * Gives a child process (a PyTorch baseline) the kernels this process runs with, so a comparison runs both on the
     * same ones: the JVM hands children the environment it started with, which lacks what {@link #applyDefault()}
     * set in the C environment.
     *
     * @param environment a {@link ProcessBuilder#environment()}; unchanged when it names {@value #CORETYPE} already
     */
    public static void exportTo(Map<String, String> environment) {
        if (environment.containsKey(CORETYPE)) {
            return;
        }
        try {
            String chosen = CEnvironment.get(CORETYPE);
            if (chosen == null && !CEnvironment.libraryMapped("libopenblas") && runsPinnedKernels(cpuFlags())) {
                chosen = DEFAULT;   // libtorch not loaded yet: the child gets what this process will use
            }
            if (chosen != null) {
                environment.put(CORETYPE, chosen);
            }
        } catch (Throwable t) {
            // the child picks its own kernels, as it would without RepBench
        }
    }

    /** Whether a processor with these {@code /proc/cpuinfo} flags (space-separated) runs the pinned kernels. */
    static boolean runsPinnedKernels(String flags) {
        return Set.of(flags.strip().split("\\s+")).containsAll(NEEDED);
    }

    /** The first processor's flags from /proc/cpuinfo, or "" where there is none (not Linux) or none is named. */
    private static String cpuFlags() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "";
        }
        try (var lines = Files.lines(cpuinfo)) {
            Optional<String> flags = lines.filter(l -> l.startsWith("flags")).findFirst();
            return flags.map(l -> l.substring(l.indexOf(':') + 1)).orElse("");
        }
    }

    /**
     * OpenBLAS's own account of itself, its version and the kernels it runs, e.g. {@code OpenBLAS 0.3.21 NO_LAPACKE
     * DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64} ({@code openblas_get_config}), or null for another BLAS.
     */
    public static String config() {
        return openBlasString("openblas_get_config");
    }

    /** The kernels OpenBLAS runs, as it names them ({@code openblas_get_corename}), or null for another BLAS. */
    private static String openBlasCore() {
        return openBlasString("openblas_get_corename");
    }

    /** What an OpenBLAS function of no arguments that returns a C string returns, or null where there is none. */
    private static String openBlasString(String function) {
        try {
            Optional<MemorySegment> symbol = ShimLibrary.symbols().find(function);
            if (symbol.isEmpty()) {
                return null;
            }
            MemorySegment text = (MemorySegment) Linker.nativeLinker()
                    .downcallHandle(symbol.get(), FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            return text.equals(MemorySegment.NULL) ? null : text.reinterpret(Long.MAX_VALUE).getString(0).strip();
        } catch (Throwable t) {
            return null;
        }
    }
}
