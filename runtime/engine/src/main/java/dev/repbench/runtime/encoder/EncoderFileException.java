package dev.repbench.runtime.encoder;

/** An encoder file that cannot be written or read as it is; the message names the files and the fix. */
public final class EncoderFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EncoderFileException(String message) {
        super(message);
    }

    public EncoderFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
