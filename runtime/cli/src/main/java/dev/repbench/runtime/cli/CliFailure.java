package dev.repbench.runtime.cli;

/**
 * A failure whose message is already written for the user: it says what went wrong and how to fix
 * it, so it is printed as is, without the exception's type.
 */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and the fix, on one line
     */
    public CliFailure(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and the fix, on one line
     * @param cause   the underlying failure, shown under {@code --verbose}
     */
    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
