package dev.repbench.tasks.study;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes dataset fixtures in the real file formats: JPEG/PNG pictures, 8- and 16-bit maps, text lists. */
final class Fixtures {
    private Fixtures() {
    }

    /** An RGB picture of one colour, {@code h × w}, as PNG or JPEG by the file's suffix. */
    static Path rgb(Path file, int h, int w, int r, int g, int b) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return write(file, image);
    }

    /** An 8-bit grey PNG with the given values (row-major). */
    static Path grey8(Path file, int h, int w, int[] values) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, w, h, 0, values);
        return write(file, image);
    }

    /** A 16-bit grey PNG with the given values. */
    static Path grey16(Path file, int h, int w, int[] values) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSamples(0, 0, w, h, 0, values);
        return write(file, image);
    }

    /** A 16-bit RGB PNG with the given band values (KITTI's flow format). */
    static Path rgb16(Path file, int h, int w, int[] red, int[] green, int[] blue) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, 3, new Point(0, 0));
        raster.setSamples(0, 0, w, h, 0, red);
        raster.setSamples(0, 0, w, h, 1, green);
        raster.setSamples(0, 0, w, h, 2, blue);
        return write(file, new BufferedImage(model, raster, false, null));
    }

    static Path text(Path file, String... lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, List.of(lines), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] filled(int n, int value) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static Path write(Path file, BufferedImage image) {
        try {
            Files.createDirectories(file.getParent());
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            String format = name.endsWith(".png") ? "png" : "jpg";
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
