package dev.repbench.api.data;

/**
 * No ground truth: the target of self-supervised pretraining images.
 */
public record Unlabelled() implements Target {
    /** The one value needed; {@code new Unlabelled()} is equal to it. */
    public static final Unlabelled INSTANCE = new Unlabelled();
}
