package dev.repbench.runtime.encoder.onnx;

/** A model that cannot be read or completed as it is; the message names the file and the fix, on one line. */
public final class OnnxModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxModelException(String message) {
        super(message);
    }

    public OnnxModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
