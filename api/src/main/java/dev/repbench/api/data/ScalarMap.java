package dev.repbench.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A real value per pixel (depth), row-major. NaN marks a pixel without ground truth; readers
 * convert their dataset's own marker (often 0 for missing depth) to NaN. Infinities are refused.
 * The array is taken over, not copied.
 *
 * @param height rows, at least 1
 * @param width  columns, at least 1
 * @param values {@code height*width} finite values or NaN
 */
public record ScalarMap(int height, int width, float[] values) implements DenseTarget {

    /**
     * @throws IllegalArgumentException if a size is below 1, the length does not match, or a value is infinite
     */
    public ScalarMap {
        LabelMap.checkSize(height, width);
        Objects.requireNonNull(values, "values");
        if (values.length != (long) height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " map needs "
                    + (long) height * width + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.isInfinite(values[i])) {
                throw new IllegalArgumentException("infinite value at index " + i + "; mark missing pixels with NaN");
            }
        }
    }

    /**
     * @param y row
     * @param x column
     * @return the value at (y, x), NaN if invalid
     */
    public float get(int y, int x) {
        return values[Objects.checkIndex(y, height) * width + Objects.checkIndex(x, width)];
    }

    @Override
    public boolean isValid(int y, int x) {
        return !Float.isNaN(get(y, x));
    }

    /** Compares contents. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScalarMap m && height == m.height && width == m.width && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(height, width, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "ScalarMap[" + height + "x" + width + "]";
    }
}
