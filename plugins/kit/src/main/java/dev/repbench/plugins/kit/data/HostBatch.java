package dev.repbench.plugins.kit.data;

import java.util.Objects;

/**
 * One batch on the host, ready to become a tensor on the training thread.
 *
 * @param pixels  {@code [B, 3, side, side]} float values in [0, 1], NCHW, row-major
 * @param labels  each image's class, length B, or null when the training set is unlabelled
 * @param indices each image's index in the sample source, length B
 * @param side    the image side
 */
public record HostBatch(float[] pixels, int[] labels, int[] indices, int side) {
    public HostBatch {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(indices, "indices");
        if (pixels.length != (long) indices.length * 3 * side * side) {
            throw new IllegalArgumentException("a batch of " + indices.length + " images of " + side + "x" + side
                    + " needs " + (long) indices.length * 3 * side * side + " values, got " + pixels.length);
        }
        if (labels != null && labels.length != indices.length) {
            throw new IllegalArgumentException(indices.length + " images but " + labels.length + " labels");
        }
    }

    /** @return the number of images */
    public int size() {
        return indices.length;
    }

    /** @return the tensor shape {@code [B, 3, side, side]} */
    public long[] shape() {
        return new long[] {indices.length, 3, side, side};
    }
}
