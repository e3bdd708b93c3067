package dev.repbench.tasks.data.image;

import dev.repbench.api.data.Image;
import dev.repbench.api.task.TaskDataException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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

    /**
     * Checks, without decoding the pixels, that {@code bytes} (the contents of {@code file}) make an image this JVM
     * decodes: a format it knows, a readable header and colour mode, and for PNG and JPEG their end marker, which a
     * file cut short by an interrupted copy lacks. Cheap enough to run over every image of a dataset when its
     * manifest is built, so a bad file is named then rather than when an epoch reaches it. Damage inside the
     * compressed pixels is found only by decoding them.
     *
     * @param file   the file, for the message
     * @param bytes  its contents
     * @param layout what was expected there, for the message
     * @throws TaskDataException naming the file and what is wrong with it
     */
    public static void checkDecodable(Path file, byte[] bytes, String layout) {
        ImageReader reader = null;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new TaskDataException(file, bytes.length == 0 ? "an empty file, not an image"
                        : "not an image format this JVM can decode (PNG and JPEG are)", layout);
            }
            reader = readers.next();
            reader.setInput(in, true, true);
            if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1 || !reader.getImageTypes(0).hasNext()) {
                throw new TaskDataException(file, "an image of no size or in a colour mode this JVM cannot decode", layout);
            }
        } catch (IOException e) {
            throw new TaskDataException(file, "an image whose header cannot be read (" + e.getMessage() + ")", layout, e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
        if (startsWith(bytes, 0x89, 'P', 'N', 'G') && !endsWithin(bytes, 'I', 'E', 'N', 'D')) {
            throw new TaskDataException(file, "a PNG image cut short (" + bytes.length + " bytes, no IEND chunk at the end;"
                    + " an interrupted copy or download?)", layout);
        }
        if (startsWith(bytes, 0xFF, 0xD8) && !endsWithin(bytes, 0xFF, 0xD9)) {
            throw new TaskDataException(file, "a JPEG image cut short (" + bytes.length + " bytes, no end-of-image marker"
                    + " FF D9; an interrupted copy or download?)", layout);
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code marker} occurs in the file's last kilobyte (writers may pad a little after it). */
    private static boolean endsWithin(byte[] bytes, int... marker) {
        for (int start = bytes.length - marker.length; start >= Math.max(0, bytes.length - 1024); start--) {
            int i = 0;
            while (i < marker.length && (bytes[start + i] & 0xFF) == marker[i]) {
                i++;
            }
            if (i == marker.length) {
                return true;
            }
        }
        return false;
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
