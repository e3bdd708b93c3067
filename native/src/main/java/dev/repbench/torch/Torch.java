package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.ffi.ShimLibrary;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Process-wide libtorch settings and facts: threads, seeds, determinism, CUDA, versions, the CPU's bf16 support. */
public final class Torch {
    /** The shim ABI these bindings were generated for. */
    public static final int ABI_VERSION = repbench_torch_h.RB_ABI_VERSION();

    private Torch() {
    }

    /**
     * Loads the shim (and libtorch) now. The first native call of the process, whatever it is, loads it and checks
     * that it was built from the header these bindings come from ({@link ShimLibrary}); calling this early gives
     * that error at start-up rather than at the first tensor.
     *
     * @throws UnsatisfiedLinkError when the shim or libtorch cannot be loaded, or the shim's ABI differs; the
     *                              message names the library and the fix
     */
    public static void load() {
        repbench_torch_h.rb_abi_version();
    }

    /** libtorch's version as its headers name it, e.g. {@code 1.13.0} for Debian's 1.13.1 package. */
    public static String version() {
        return Native.string(repbench_torch_h.rb_torch_version());
    }

    /** libtorch's build configuration: BLAS, LAPACK, oneDNN, OpenMP, CUDA. */
    public static String buildConfig() {
        return Native.string(repbench_torch_h.rb_build_config());
    }

    /** The file the shim was loaded from. */
    public static Path libraryPath() {
        return ShimLibrary.path();
    }

    /**
     * How libtorch's OpenMP threads wait at barriers in this process, in words, e.g.
     * {@code OMP_WAIT_POLICY=PASSIVE (RepBench's default)}; see {@link dev.repbench.torch.ffi.OpenMpPolicy}.
     */
    public static String openMpPolicy() {
        load();
        return dev.repbench.torch.ffi.OpenMpPolicy.state();
    }

    /**
     * Which kernels libtorch's BLAS runs its float32 matrix products on in this process, in words, e.g.
     * {@code OpenBLAS kernels Haswell: OPENBLAS_CORETYPE=Haswell (RepBench's default: …)}; see
     * {@link dev.repbench.torch.ffi.BlasKernels}.
     */
    public static String blasKernels() {
        load();
        return dev.repbench.torch.ffi.BlasKernels.state();
    }

    /**
     * libtorch's BLAS in one line for records, e.g. {@code OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell
     * MAX_THREADS=64} (OpenBLAS's own, naming its version and kernels), or {@code not OpenBLAS}.
     */
    public static String blas() {
        load();
        String config = dev.repbench.torch.ffi.BlasKernels.config();
        return config == null ? "not OpenBLAS" : config;
    }

    /**
     * Gives a child process (a PyTorch baseline) the OpenMP wait policy and the BLAS kernels this process runs with,
     * each unless its environment names it already: the JVM hands children the environment it started with.
     */
    public static void exportNativeSettings(java.util.Map<String, String> environment) {
        dev.repbench.torch.ffi.OpenMpPolicy.exportTo(environment);
        dev.repbench.torch.ffi.BlasKernels.exportTo(environment);
    }

    /** Intra-op threads. libtorch starts with one here: set it explicitly. */
    public static void setNumThreads(int threads) {
        Native.check(repbench_torch_h.rb_set_num_threads(threads), "setting the thread count");
    }

    public static int numThreads() {
        return repbench_torch_h.rb_get_num_threads();
    }

    /** Seeds libtorch's default generators (CPU and CUDA). */
    public static void manualSeed(long seed) {
        Native.check(repbench_torch_h.rb_manual_seed(seed), "seeding");
    }

    /** Makes libtorch use deterministic algorithms (and fail on ops that have none). */
    public static void setDeterministic(boolean enabled) {
        Native.check(repbench_torch_h.rb_set_deterministic(enabled ? 1 : 0), "setting deterministic algorithms");
    }

    /** The number of CUDA devices the linked libtorch can use (0 on a CPU build or a machine without a GPU). */
    public static int cudaDeviceCount() {
        return repbench_torch_h.rb_cuda_device_count();
    }

    /** Whether the linked libtorch is a CUDA build (whatever the machine has). */
    public static boolean cudaBuilt() {
        return repbench_torch_h.rb_cuda_is_built() != 0;
    }

    /**
     * The linked libtorch's version, whether it is a CUDA build, its CUDA runtime and cuDNN versions, the CUDA
     * driver's, and every GPU it sees (index, name, memory, compute capability). Safe on a CPU build: nothing
     * CUDA is touched there.
     */
    public static TorchBuild build() {
        boolean cuda = cudaBuilt();
        List<TorchBuild.Gpu> gpus = new ArrayList<>();
        if (cuda) {
            int count = cudaDeviceCount();
            try (Arena arena = Arena.ofConfined()) {
                int capacity = 256;
                MemorySegment name = arena.allocate(capacity);
                MemorySegment memory = arena.allocate(ValueLayout.JAVA_LONG);
                MemorySegment major = arena.allocate(ValueLayout.JAVA_INT);
                MemorySegment minor = arena.allocate(ValueLayout.JAVA_INT);
                for (int index = 0; index < count; index++) {
                    Native.check(repbench_torch_h.rb_cuda_device_properties(index, name, capacity, memory, major, minor),
                            "reading the properties of cuda:" + index);
                    gpus.add(new TorchBuild.Gpu(index, name.getString(0), memory.get(ValueLayout.JAVA_LONG, 0),
                            major.get(ValueLayout.JAVA_INT, 0), minor.get(ValueLayout.JAVA_INT, 0)));
                }
            }
        }
        return new TorchBuild(version(), cuda, TorchBuild.cudaVersion(repbench_torch_h.rb_cuda_runtime_version()),
                TorchBuild.cudnnVersion(repbench_torch_h.rb_cudnn_version()),
                TorchBuild.cudaVersion(repbench_torch_h.rb_cuda_driver_version()), gpus);
    }

    /**
     * Checks that {@code device} can be used before any work starts. The message names what is missing: a CUDA
     * build of libtorch, a visible GPU, or an index in range.
     *
     * @throws TorchException with {@link TorchException.Code#NO_CUDA} when it cannot
     */
    public static void requireDevice(Device device) {
        if (!device.isCuda()) {
            return;
        }
        build().cudaUnavailable(device.index()).ifPresent(why -> {
            throw new TorchException(TorchException.Code.NO_CUDA, why);
        });
    }

    /**
     * The CPU's bf16 features as the shim reads them from CPUID: {@code AVX512_BF16} (native bf16 dot products,
     * what oneDNN's bf16 convolutions need to beat float32) and {@code AMX_BF16}; empty when it has neither.
     */
    public static List<String> cpuBf16Features() {
        int bits = repbench_torch_h.rb_cpu_bf16_features();
        List<String> features = new ArrayList<>();
        if ((bits & repbench_torch_h.RB_CPU_AVX512_BF16()) != 0) {
            features.add("AVX512_BF16");
        }
        if ((bits & repbench_torch_h.RB_CPU_AMX_BF16()) != 0) {
            features.add("AMX_BF16");
        }
        return List.copyOf(features);
    }

    /**
     * Whether bf16 runs natively on this CPU. Without it oneDNN emulates bf16 with float32 instructions and
     * conversions, slower than float32 itself, so bf16 training falls back to float32 there.
     */
    public static boolean cpuHasNativeBf16() {
        return !cpuBf16Features().isEmpty();
    }

    /**
     * Waits until every kernel queued on {@code device} has finished: CUDA runs kernels asynchronously, so a timing
     * without it measures the queueing. Nothing to wait for on the CPU.
     *
     * @throws TorchException with {@link TorchException.Code#NO_CUDA} when the device cannot be used
     */
    public static void synchronize(Device device) {
        if (device.isCuda()) {
            Native.check(repbench_torch_h.rb_cuda_synchronize(device.index()), "synchronizing " + device);
        }
    }

    /** How many operators libtorch's dispatcher knows by schema name. */
    public static int registeredOperatorCount() {
        return repbench_torch_h.rb_op_registered_count();
    }
}
