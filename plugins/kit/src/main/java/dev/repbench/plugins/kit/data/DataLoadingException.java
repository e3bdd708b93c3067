package dev.repbench.plugins.kit.data;

/** A training image could not be loaded; the message names its index in the sample source. */
public final class DataLoadingException extends RuntimeException {
    public DataLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
