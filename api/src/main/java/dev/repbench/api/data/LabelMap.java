package dev.repbench.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A class per pixel (segmentation), row-major; pixels equal to {@code ignoreIndex} have no label.
 * The array is taken over, not copied.
 *
 * @param height      rows, at least 1
 * @param width       columns, at least 1
 * @param labels      {@code height*width} class indices {@code >= 0}, or {@code ignoreIndex}
 * @param ignoreIndex the "no label" value, often {@link #DEFAULT_IGNORE_INDEX} or -1
 */
public record LabelMap(int height, int width, int[] labels, int ignoreIndex) implements DenseTarget {

    /** The common ignore value (Cityscapes, PASCAL-style masks). */
    public static final int DEFAULT_IGNORE_INDEX = 255;

    /**
     * @throws IllegalArgumentException if a size is below 1, the length does not match, or a label
     *                                  is negative without being the ignore index
     */
    public LabelMap {
        checkSize(height, width);
        Objects.requireNonNull(labels, "labels");
        if (labels.length != (long) height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " label map needs "
                    + (long) height * width + " labels, got " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 && labels[i] != ignoreIndex) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i
                        + " is negative and not the ignore index " + ignoreIndex);
            }
        }
    }

    /**
     * @param y row
     * @param x column
     * @return the label at (y, x), possibly the ignore index
     */
    public int get(int y, int x) {
        return labels[index(y, x)];
    }

    @Override
    public boolean isValid(int y, int x) {
        return labels[index(y, x)] != ignoreIndex;
    }

    private int index(int y, int x) {
        return Objects.checkIndex(y, height) * width + Objects.checkIndex(x, width);
    }

    static void checkSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("map size must be positive, got " + height + "x" + width);
        }
    }

    /** Compares contents. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMap m && height == m.height && width == m.width
                && ignoreIndex == m.ignoreIndex && Arrays.equals(labels, m.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(height, width, ignoreIndex, Arrays.hashCode(labels));
    }

    @Override
    public String toString() {
        return "LabelMap[" + height + "x" + width + ", ignore=" + ignoreIndex + "]";
    }
}
