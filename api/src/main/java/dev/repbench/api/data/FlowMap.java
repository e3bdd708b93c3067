package dev.repbench.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Optical flow from the first frame to the second, in pixels: two planes (u = horizontal,
 * then v = vertical), each row-major. A pixel without ground truth has NaN in both planes
 * (KITTI's "valid" flag 0); NaN in only one plane, or an infinity, is refused.
 * The array is taken over, not copied.
 *
 * @param height rows, at least 1
 * @param width  columns, at least 1
 * @param uv     {@code 2*height*width} values: u at {@code y*width + x}, v at {@code height*width + y*width + x}
 */
public record FlowMap(int height, int width, float[] uv) implements DenseTarget {

    /**
     * @throws IllegalArgumentException if a size is below 1, the length does not match, a value is
     *                                  infinite, or exactly one of u and v is NaN at a pixel
     */
    public FlowMap {
        LabelMap.checkSize(height, width);
        Objects.requireNonNull(uv, "uv");
        int plane = height * width;
        if (uv.length != 2L * plane) {
            throw new IllegalArgumentException("a " + height + "x" + width + " flow map needs "
                    + 2L * plane + " values (u plane then v plane), got " + uv.length);
        }
        for (int i = 0; i < plane; i++) {
            float u = uv[i];
            float v = uv[plane + i];
            if (Float.isInfinite(u) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("infinite flow at pixel " + i + "; mark missing pixels with NaN");
            }
            if (Float.isNaN(u) != Float.isNaN(v)) {
                throw new IllegalArgumentException("flow at pixel " + i + " has only one NaN component; "
                        + "a pixel without ground truth needs NaN in both u and v");
            }
        }
    }

    /**
     * @param y row
     * @param x column
     * @return horizontal flow at (y, x), NaN if invalid
     */
    public float u(int y, int x) {
        return uv[index(y, x)];
    }

    /**
     * @param y row
     * @param x column
     * @return vertical flow at (y, x), NaN if invalid
     */
    public float v(int y, int x) {
        return uv[height * width + index(y, x)];
    }

    @Override
    public boolean isValid(int y, int x) {
        return !Float.isNaN(uv[index(y, x)]);
    }

    private int index(int y, int x) {
        return Objects.checkIndex(y, height) * width + Objects.checkIndex(x, width);
    }

    /** Compares contents. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FlowMap m && height == m.height && width == m.width && Arrays.equals(uv, m.uv);
    }

    @Override
    public int hashCode() {
        return Objects.hash(height, width, Arrays.hashCode(uv));
    }

    @Override
    public String toString() {
        return "FlowMap[" + height + "x" + width + "]";
    }
}
