package dev.repbench.runtime.features.session;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.repbench.api.Device;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.encoder.onnx.ExternalData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's ONNX Runtime: one {@link OrtEnvironment} (ONNX Runtime allows one per process; it lives until
 * the JVM exits and is never closed) and the session settings every encoder session shares.
 */
public final class OnnxEngine {
    /** The ONNX Runtime artifact whose CUDA provider {@code --device cuda} needs. */
    public static final String GPU_ARTIFACT = "com.microsoft.onnxruntime:onnxruntime_gpu";

    /** Each device's provider, probed once: loading the CUDA provider (or failing to) costs a second or more. */
    private static final Map<Device, ExecutionProviderChoice> CHOICES = new ConcurrentHashMap<>();

    static {
        // Every use of ONNX Runtime starts here, so this runs before it loads its native libraries.
        OrtNativeLibraries.useCachedCopy();
    }

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
     * The execution provider that serves {@code requested}: the CPU's for the CPU; for {@code cuda:N} the CUDA provider
     * when this ONNX Runtime build has it and it loads (the {@value #GPU_ARTIFACT} jar, CUDA 12, cuDNN 9), otherwise
     * the CPU provider with the reason. Decided once per device and process; never throws for a missing provider.
     */
    public static ExecutionProviderChoice providerFor(Device requested) {
        if (!requested.isCuda()) {
            return ExecutionProviderChoice.asRequested(requested);
        }
        return CHOICES.computeIfAbsent(requested, OnnxEngine::probeCuda);
    }

    private static ExecutionProviderChoice probeCuda(Device device) {
        environment(); // loads ONNX Runtime's native library, which lists the providers
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return ExecutionProviderChoice.cpuInsteadOf(device, "this ONNX Runtime build has no CUDA provider");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Appending the provider loads its library, so a missing libcudart.so.12 or cuDNN shows here.
            options.addCUDA(device.index());
            return ExecutionProviderChoice.asRequested(device);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            String why = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
            return ExecutionProviderChoice.cpuInsteadOf(device, "the CUDA provider did not load (" + why + ")");
        }
    }

    /**
     * Opens a session for {@code encoder} on the provider {@link #providerFor} chooses for {@code device} (a CUDA
     * request falls back to the CPU provider when the CUDA one is unavailable; commands print the choice once):
     * {@code threads} intra-op threads, one inter-op thread (the graph is a chain, so parallel branches gain nothing),
     * all graph optimisations.
     *
     * @throws SessionException if ONNX Runtime cannot load the model
     */
    public static EncoderSession open(LoadedEncoder encoder, Device device, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        }
        Device runsOn = providerFor(device).device();
        OrtEnvironment env = environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (runsOn.isCuda()) {
                options.addCUDA(runsOn.index());
            }
            if (encoder.completedModel() != null) {
                // Given as bytes, the model's external data (if any) is found through its file's folder.
                options.addConfigEntry(ExternalData.FOLDER_OPTION, encoder.onnxFile().toAbsolutePath().getParent().toString());
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
            return new EncoderSession(encoder, session, runsOn, threads);
        } catch (OrtException e) {
            throw new SessionException("cannot configure an ONNX Runtime session: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code encoder} once and lets it go: a command calls this before reading any data, so a model ONNX Runtime
     * cannot load (an operator it lacks, an opset it does not know) is refused before a task's data is opened and its
     * manifest built, not after.
     *
     * @throws SessionException if ONNX Runtime cannot load the model
     */
    public static void checkLoads(LoadedEncoder encoder, Device device, int threads) {
        open(encoder, device, threads).close();
    }
}
