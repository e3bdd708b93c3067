package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.ffi.ShimLibrary;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.nio.file.Path;

/** Process-wide libtorch settings and facts: threads, seeds, determinism, CUDA, versions. */
public final class Torch {
    /** The shim ABI these bindings were generated for. */
    public static final int ABI_VERSION = repbench_torch_h.RB_ABI_VERSION();

    private Torch() {
    }

    /**
     * Loads the shim (and libtorch) now and checks that it matches these bindings. Called implicitly on first
     * use; call it early for a clear error at start-up rather than at the first tensor.
     */
    public static void load() {
        int abi = repbench_torch_h.rb_abi_version();
        if (abi != ABI_VERSION) {
            throw new UnsatisfiedLinkError("the libtorch shim at " + ShimLibrary.path() + " has ABI " + abi
                    + " but these bindings expect " + ABI_VERSION + ": rebuild it (mvn -pl native package)");
        }
    }

    /** libtorch's version, e.g. {@code 1.13.1}. */
    public static String version() {
        return Native.string(repbench_torch_h.rb_torch_version());
    }

    /** libtorch's build configuration: BLAS, LAPACK, oneDNN, OpenMP, CUDA. */
    public static String buildConfig() {
        return Native.string(repbench_torch_h.rb_build_config());
    }

    public static Path libraryPath() {
        return ShimLibrary.path();
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

    /** Whether the linked libtorch was built with CUDA (whatever the machine has). */
    public static boolean cudaBuilt() {
        return repbench_torch_h.rb_cuda_is_built() != 0;
    }

    /**
     * Checks that {@code device} can be used, with a message that says why not: a CPU-only libtorch, or no GPU.
     */
    public static void requireDevice(Device device) {
        if (!device.isCuda()) {
            return;
        }
        if (!cudaBuilt()) {
            throw new TorchException(TorchException.Code.NO_CUDA, device + " asked, but the linked libtorch ("
                    + version() + ") was built without CUDA: build the shim against a CUDA libtorch (mvn -pl native"
                    + " package -Dtorch.dir=<libtorch>/share/cmake/Torch) or use --device cpu");
        }
        int count = cudaDeviceCount();
        if (device.index() >= count) {
            throw new TorchException(TorchException.Code.NO_CUDA, device + " asked, but this machine has " + count
                    + " CUDA device(s): use --device cpu" + (count > 0 ? " or cuda:0…cuda:" + (count - 1) : ""));
        }
    }

    /** How many operators libtorch's dispatcher knows by schema name. */
    public static int registeredOperatorCount() {
        return repbench_torch_h.rb_op_registered_count();
    }
}
