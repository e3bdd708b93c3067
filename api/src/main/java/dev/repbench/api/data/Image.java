package dev.repbench.api.data;

import dev.repbench.api.task.ImageSize;
import java.util.Arrays;
import java.util.Objects;

/**
 * An image as float pixels in channel-major (CHW) order with values in [0, 1], before any mean/std
 * normalisation (the encoder's preprocessing does that).
 *
 * <p>The array is taken over, not copied: do not modify it after construction.
 *
 * @param channels 1 (grey) or 3 (RGB), typically; at least 1
 * @param height   rows, at least 1
 * @param width    columns, at least 1
 * @param pixels   {@code channels*height*width} values; value of (c, y, x) at {@code (c*height + y)*width + x}
 */
public record Image(int channels, int height, int width, float[] pixels) {

    /**
     * @throws IllegalArgumentException if a dimension is below 1, the array length does not match,
     *                                  or a value is outside [0, 1] or NaN (e.g. 0..255 values passed unscaled)
     */
    public Image {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive, got " + channels + "x" + height + "x" + width);
        }
        Objects.requireNonNull(pixels, "pixels");
        long expected = (long) channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("a " + channels + "x" + height + "x" + width + " image needs "
                    + expected + " values, got " + pixels.length);
        }
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (!(v >= 0f && v <= 1f)) { // also rejects NaN
                throw new IllegalArgumentException("pixel values must be in [0, 1] (scale 8-bit values by 1/255), got "
                        + v + " at index " + i);
            }
        }
    }

    /**
     * Converts 8-bit pixels in row-major interleaved order (HWC, as image decoders give them) to
     * an {@code Image}, dividing by 255.
     *
     * @param height   rows
     * @param width    columns
     * @param channels channels per pixel
     * @param hwc      {@code height*width*channels} unsigned bytes; value of (y, x, c) at {@code (y*width + x)*channels + c}
     * @return the image
     * @throws IllegalArgumentException if the length does not match
     */
    public static Image fromHwcBytes(int height, int width, int channels, byte[] hwc) {
        Objects.requireNonNull(hwc, "hwc");
        long expected = (long) channels * height * width;
        if (channels < 1 || height < 1 || width < 1 || hwc.length != expected) {
            throw new IllegalArgumentException("HWC bytes for " + height + "x" + width + "x" + channels
                    + " need " + expected + " bytes, got " + hwc.length);
        }
        float[] chw = new float[hwc.length];
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                chw[c * plane + p] = (hwc[p * channels + c] & 0xFF) / 255f;
            }
        }
        return new Image(channels, height, width, chw);
    }

    /**
     * @param c channel
     * @param y row
     * @param x column
     * @return the value at (c, y, x)
     */
    public float get(int c, int y, int x) {
        Objects.checkIndex(c, channels);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return pixels[(c * height + y) * width + x];
    }

    /** @return height and width */
    public ImageSize size() {
        return new ImageSize(height, width);
    }

    /** Compares pixel contents, not array identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && channels == other.channels && height == other.height
                && width == other.width && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, height, width, Arrays.hashCode(pixels));
    }

    /** Shape only; the pixels would be too long to print. */
    @Override
    public String toString() {
        return "Image[" + channels + "x" + height + "x" + width + "]";
    }
}
