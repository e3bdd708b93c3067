package dev.repbench.runtime.features.session;

/** ONNX Runtime refused to load or run an encoder; the message names the encoder file and the step. */
public final class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
