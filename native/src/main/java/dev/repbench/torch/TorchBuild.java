package dev.repbench.torch;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the linked libtorch is and which GPUs it sees: the facts {@code repbench version} prints and a run
 * records. Read with {@link Torch#build()}.
 *
 * @param version     libtorch's version as its headers name it, e.g. {@code 1.13.0} or {@code 2.11.0}
 * @param cuda        whether it is a CUDA build (its CUDA library is loaded), whatever the machine has
 * @param cudaRuntime the CUDA runtime version it was built with, e.g. {@code 13.0}; empty on a CPU build
 * @param cudnn       the cuDNN version it was built with, e.g. {@code 9.13.0}; empty when it has none
 * @param cudaDriver  the CUDA driver's version, e.g. {@code 13.0}; empty on a CPU build or without a driver
 * @param gpus        every GPU it can use, in index order; empty on a CPU build or a machine without one
 */
public record TorchBuild(String version, boolean cuda, Optional<String> cudaRuntime, Optional<String> cudnn,
        Optional<String> cudaDriver, List<Gpu> gpus) {

    public TorchBuild {
        gpus = List.copyOf(gpus);
    }

    /**
     * One GPU as the CUDA driver describes it.
     *
     * @param index             its index in {@code cuda:N}
     * @param name              e.g. {@code NVIDIA H200}
     * @param totalMemoryBytes  its memory in bytes
     * @param computeMajor      the compute capability's major number (9 for Hopper)
     * @param computeMinor      its minor number
     */
    public record Gpu(int index, String name, long totalMemoryBytes, int computeMajor, int computeMinor) {

        /** The compute capability as NVIDIA writes it, e.g. {@code 9.0}. */
        public String computeCapability() {
            return computeMajor + "." + computeMinor;
        }

        /** e.g. {@code cuda:0 NVIDIA H200 (139.8 GiB, compute 9.0)}. */
        public String describe() {
            return String.format(Locale.ROOT, "cuda:%d %s (%.1f GiB, compute %s)", index, name,
                    totalMemoryBytes / (double) (1L << 30), computeCapability());
        }
    }

    /**
     * One line for people, e.g. {@code libtorch 1.13.0, CPU build} or
     * {@code libtorch 2.11.0, CUDA build (CUDA 13.0, cuDNN 9.13.0, driver 13.0), 1 GPU: cuda:0 NVIDIA H200 (…)}.
     */
    public String describe() {
        if (!cuda) {
            return "libtorch " + version + ", CPU build";
        }
        String versions = "CUDA " + cudaRuntime.orElse("?") + cudnn.map(v -> ", cuDNN " + v).orElse(", no cuDNN")
                + cudaDriver.map(v -> ", driver " + v).orElse(", no CUDA driver");
        String devices = gpus.isEmpty() ? "no GPU visible"
                : gpus.size() + " GPU" + (gpus.size() == 1 ? "" : "s") + ": "
                        + gpus.stream().map(Gpu::describe).collect(Collectors.joining("; "));
        return "libtorch " + version + ", CUDA build (" + versions + "), " + devices;
    }

    /**
     * Why {@code cuda:index} cannot be used with this build, naming what is missing (a CUDA libtorch, a visible
     * GPU, or an index in range), or empty when it can.
     */
    public Optional<String> cudaUnavailable(int index) {
        String asked = "cuda:" + index + " asked, but ";
        if (!cuda) {
            return Optional.of(asked + "the linked libtorch " + version + " is a CPU-only build: build the shim against"
                    + " a CUDA libtorch (native/shim/README.md) and point -Drepbench.torch.library or"
                    + " REPBENCH_TORCH_LIBRARY at it, or use --device cpu");
        }
        if (gpus.isEmpty()) {
            String visible = System.getenv("CUDA_VISIBLE_DEVICES");
            return Optional.of(asked + "the CUDA build of libtorch " + version + " sees no GPU ("
                    + cudaDriver.map(v -> "CUDA driver " + v).orElse("no CUDA driver found")
                    + (visible == null ? "" : ", CUDA_VISIBLE_DEVICES=" + visible)
                    + "): check nvidia-smi and CUDA_VISIBLE_DEVICES, or use --device cpu");
        }
        if (index < 0 || index >= gpus.size()) {
            return Optional.of(asked + "libtorch sees " + gpus.size() + " GPU" + (gpus.size() == 1 ? "" : "s") + " ("
                    + gpus.stream().map(Gpu::describe).collect(Collectors.joining("; ")) + "): use --device cuda:0"
                    + (gpus.size() > 1 ? "…cuda:" + (gpus.size() - 1) : "") + " or --device cpu");
        }
        return Optional.empty();
    }

    /** {@code CUDART_VERSION} (1000 × major + 10 × minor) as {@code major.minor}; empty for 0. */
    static Optional<String> cudaVersion(int encoded) {
        if (encoded <= 0) {
            return Optional.empty();
        }
        return Optional.of(encoded / 1000 + "." + encoded % 1000 / 10);
    }

    /**
     * {@code CUDNN_VERSION} as {@code major.minor.patch}; empty for 0. cuDNN 9 encodes 10000 × major + 100 × minor
     * + patch, cuDNN 8 and earlier 1000 × major + 100 × minor + patch.
     */
    static Optional<String> cudnnVersion(int encoded) {
        if (encoded <= 0) {
            return Optional.empty();
        }
        int major = encoded >= 90000 ? encoded / 10000 : encoded / 1000;
        int minor = encoded >= 90000 ? encoded % 10000 / 100 : encoded % 1000 / 100;
        return Optional.of(major + "." + minor + "." + encoded % 100);
    }
}
