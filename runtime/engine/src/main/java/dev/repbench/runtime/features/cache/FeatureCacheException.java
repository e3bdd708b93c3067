package dev.repbench.runtime.features.cache;

/** The feature cache cannot be read or written; the message names the file and the likely fix. */
public final class FeatureCacheException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FeatureCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
