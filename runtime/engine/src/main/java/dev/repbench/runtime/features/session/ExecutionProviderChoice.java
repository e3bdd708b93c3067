package dev.repbench.runtime.features.session;

import dev.repbench.api.Device;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ONNX Runtime execution provider runs an encoder for a requested device, decided once per process by
 * {@link OnnxEngine#providerFor}. A CUDA request runs on the CUDA provider where this build has it and it loads;
 * otherwise on the CPU provider, with the reason kept so the one line a command prints names what is missing: a GPU
 * run still works, its features computed on the CPU.
 *
 * @param requested       the device asked for
 * @param device          where ONNX Runtime runs: {@code requested}, or the CPU after a fallback
 * @param cudaUnavailable why the CUDA provider could not serve a CUDA request; empty when it did or none was asked
 */
public record ExecutionProviderChoice(Device requested, Device device, Optional<String> cudaUnavailable) {
    /** What the CUDA provider needs, said in every fallback line. */
    static final String CUDA_NEEDS = "needs onnxruntime_gpu (mvn -Pcuda) with CUDA 12 + cuDNN 9";

    public ExecutionProviderChoice {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(cudaUnavailable, "cudaUnavailable");
    }

    /** The request served as asked: the CPU provider for the CPU, the CUDA provider for a GPU. */
    static ExecutionProviderChoice asRequested(Device requested) {
        return new ExecutionProviderChoice(requested, requested, Optional.empty());
    }

    /** A CUDA request served by the CPU provider, {@code why} naming what is missing. */
    static ExecutionProviderChoice cpuInsteadOf(Device requested, String why) {
        return new ExecutionProviderChoice(requested, Device.CPU, Optional.of(why));
    }

    /** @return whether a CUDA request runs on the CPU provider */
    public boolean fellBack() {
        return cudaUnavailable.isPresent();
    }

    /**
     * One line for the user, e.g. {@code features: ONNX Runtime CUDA provider on cuda:0}, or {@code features: ONNX
     * Runtime CPU provider (CUDA provider unavailable: this ONNX Runtime build has no CUDA provider; needs
     * onnxruntime_gpu (mvn -Pcuda) with CUDA 12 + cuDNN 9)}.
     */
    public String describe() {
        if (fellBack()) {
            return "features: ONNX Runtime CPU provider (CUDA provider unavailable: " + cudaUnavailable.get() + "; "
                    + CUDA_NEEDS + ")";
        }
        return device.isCuda() ? "features: ONNX Runtime CUDA provider on " + device : "features: ONNX Runtime CPU provider";
    }
}
