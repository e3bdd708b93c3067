package dev.repbench.runtime.pretrain;

/** A pretraining job that cannot run as given; the message says why and how to fix it, on one line. */
public final class PretrainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and the fix */
    public PretrainException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and the fix
     * @param cause   the underlying failure
     */
    public PretrainException(String message, Throwable cause) {
        super(message, cause);
    }
}
