package dev.repbench.runtime.features.session;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.repbench.api.Device;
import dev.repbench.runtime.encoder.LoadedEncoder;

/**
 * The process's ONNX Runtime: one {@link OrtEnvironment} (ONNX Runtime allows one per process; it lives until
 * the JVM exits and is never closed) and the session settings every encoder session shares.
 */
public final class OnnxEngine {
    /** The ONNX Runtime artifact whose CUDA provider {@code --device cuda} needs. */
    public static final String GPU_ARTIFACT = "com.microsoft.onnxruntime:onnxruntime_gpu";

    private OnnxEngine() {
    }

    /** The process-wide environment, created on first use with warnings and errors logged. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "repbench");
    }

    /** The ONNX Runtime version in use, e.g. {@code 1.29.0}. */
    public static String version() {
        return environment().getVersion();
    }

    /**
     * Opens a session for {@code encoder} on {@code device}: {@code threads} intra-op threads, one inter-op thread
     * (the graph is a chain, so parallel branches gain nothing), all graph optimisations.
     *
     * @throws ExecutionProviderUnavailableException if {@code device} is CUDA and this build has no CUDA provider
     * @throws SessionException                      if ONNX Runtime cannot load the model
     */
    public static EncoderSession open(LoadedEncoder encoder, Device device, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        }
        OrtEnvironment env = environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device.isCuda()) {
                addCuda(options, device);
            }
            OrtSession session;
            try {
                // A bare external model had its pooled output promoted to `embedding` in memory: run that graph.
                session = encoder.completedModel() != null
                        ? env.createSession(encoder.completedModel().toByteArray(), options)
                        : env.createSession(encoder.onnxFile().toString(), options);
            } catch (OrtException e) {
                throw new SessionException("ONNX Runtime cannot load " + encoder.onnxFile() + ": " + e.getMessage()
                        + " (re-export the encoder, or check that the model's opset is supported by ONNX Runtime "
                        + env.getVersion() + ")", e);
            }
            return new EncoderSession(encoder, session, device, threads);
        } catch (OrtException e) {
            throw new SessionException("cannot configure an ONNX Runtime session: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code encoder} once and lets it go: a command calls this before reading any data, so a model ONNX Runtime
     * cannot load (an operator it lacks, an opset it does not know) or a device it cannot use is refused before a
     * task's data is opened and its manifest built, not after.
     *
     * @throws ExecutionProviderUnavailableException if {@code device} is CUDA and this build has no CUDA provider
     * @throws SessionException                      if ONNX Runtime cannot load the model
     */
    public static void checkLoads(LoadedEncoder encoder, Device device, int threads) {
        open(encoder, device, threads).close();
    }

    private static void addCuda(OrtSession.SessionOptions options, Device device) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw cudaMissing(device, null);
        }
        try {
            options.addCUDA(device.index());
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            // The GPU jar is there, but its native provider did not load: CUDA or cuDNN missing, or no such GPU.
            throw cudaMissing(device, e);
        }
    }

    private static ExecutionProviderUnavailableException cudaMissing(Device device, Throwable cause) {
        String what = cause == null
                ? "this build has the CPU-only ONNX Runtime (com.microsoft.onnxruntime:onnxruntime), without the CUDA execution provider"
                : "ONNX Runtime's CUDA execution provider did not load (" + cause.getMessage() + ")";
        return new ExecutionProviderUnavailableException("--device " + device + " is not available: " + what
                + ". It needs the " + GPU_ARTIFACT + " artifact (build RepBench with 'mvn -Pcuda install'), CUDA 12 and"
                + " cuDNN 9 installed, and an NVIDIA GPU " + device.index() + "; or use --device cpu", cause);
    }
}
