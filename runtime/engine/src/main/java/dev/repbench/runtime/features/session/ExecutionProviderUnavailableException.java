package dev.repbench.runtime.features.session;

/**
 * The device asked for has no execution provider in this ONNX Runtime build (e.g. CUDA with the CPU-only jar);
 * the message names what is missing and how to get it.
 */
public final class ExecutionProviderUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExecutionProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
