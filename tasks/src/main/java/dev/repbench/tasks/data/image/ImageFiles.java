package dev.repbench.tasks.data.image;

import dev.repbench.api.data.Image;
import dev.repbench.api.task.TaskDataException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes image files (PNG, JPEG, and whatever else {@link ImageIO} reads) into the forms tasks need: RGB images
 * with values in [0, 1], and raw sample values for label and measurement maps (8- or 16-bit, one or more bands),
 * which must not go through a colour conversion.
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    /**
     * Reads an image as RGB with values in [0, 1]; grey images are replicated to three channels, alpha dropped.
     *
     * @param file   the file
     * @param layout what the task expected there, for the error message
     * @return the image
     * @throws TaskDataException if the file is missing or cannot be decoded
     */
    public static Image readRgb(Path file, String layout) {
        BufferedImage image = decode(file, layout);
        int h = image.getHeight();
        int w = image.getWidth();
        float[] pixels = new float[3 * h * w];
        int[] row = new int[w];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int i = y * w + x;
                pixels[i] = ((argb >> 16) & 0xFF) / 255f;
                pixels[plane + i] = ((argb >> 8) & 0xFF) / 255f;
                pixels[2 * plane + i] = (argb & 0xFF) / 255f;
            }
        }
        return new Image(3, h, w, pixels);
    }

    /**
     * Reads the stored sample values of every band, without colour conversion: label maps (class ids or palette
     * indices), 16-bit depth, KITTI's 16-bit flow.
     *
     * @param file   the file
     * @param layout what the task expected there, for the error message
     * @return the values
     * @throws TaskDataException if the file is missing or cannot be decoded
     */
    public static Samples readSamples(Path file, String layout) {
        BufferedImage image = decode(file, layout);
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int h = raster.getHeight();
        int w = raster.getWidth();
        int[][] values = new int[bands][];
        for (int b = 0; b < bands; b++) {
            values[b] = raster.getSamples(0, 0, w, h, b, new int[w * h]);
        }
        int bits = DataBuffer.getDataTypeSize(raster.getDataBuffer().getDataType());
        return new Samples(h, w, Math.min(bits, 16), values);
    }

    /**
     * An image's raw sample values.
     *
     * @param height rows
     * @param width  columns
     * @param bits   bits per sample (8 or 16)
     * @param bands  per band, {@code height*width} values in row-major order
     */
    public record Samples(int height, int width, int bits, int[][] bands) {
        /** @return band {@code b} */
        public int[] band(int b) {
            return bands[b];
        }

        /** @return how many bands */
        public int bandCount() {
            return bands.length;
        }
    }

    private static BufferedImage decode(Path file, String layout) {
        if (!Files.isRegularFile(file)) {
            throw new TaskDataException(file, "no such image file", layout);
        }
        try (InputStream in = Files.newInputStream(file)) {
            BufferedImage image = ImageIO.read(in);
            if (image == null) {
                throw new TaskDataException(file, "not an image format this JVM can decode (PNG and JPEG are)", layout);
            }
            return image;
        } catch (IOException e) {
            throw new TaskDataException(file, "cannot decode the image (" + e.getMessage() + ")", layout, e);
        }
    }
}
