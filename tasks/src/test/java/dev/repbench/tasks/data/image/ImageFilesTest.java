package dev.repbench.tasks.data.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.task.TaskDataException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The check a dataset's manifest runs over every image: cheap, and it names what is wrong with a file. */
class ImageFilesTest {
    private static final Path FILE = Path.of("data", "cat.img");

    private static byte[] encoded(String format) throws IOException {
        BufferedImage image = new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xFF8040);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, bytes));
        return bytes.toByteArray();
    }

    private static String refusal(byte[] bytes) {
        TaskDataException e = assertThrows(TaskDataException.class, () -> ImageFiles.checkDecodable(FILE, bytes, "an image"));
        assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void wholePngAndJpegFilesPass() throws IOException {
        for (String format : new String[] {"png", "jpeg", "bmp"}) {
            byte[] bytes = encoded(format);
            assertDoesNotThrow(() -> ImageFiles.checkDecodable(FILE, bytes, "an image"), format);
        }
    }

    @Test
    void filesCutShortAreNamedAsSuch() throws IOException {
        byte[] png = encoded("png");
        assertTrue(refusal(Arrays.copyOf(png, png.length - 12)).contains("a PNG image cut short"));
        byte[] jpeg = encoded("jpeg");
        assertTrue(refusal(Arrays.copyOf(jpeg, jpeg.length - 2)).contains("a JPEG image cut short"));
    }

    @Test
    void emptyAndForeignFilesAreNamedAsSuch() {
        assertTrue(refusal(new byte[0]).contains("an empty file, not an image"));
        assertTrue(refusal("<html>Sign in</html>".getBytes(StandardCharsets.US_ASCII)).contains("not an image format"));
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};
        assertTrue(refusal(header).contains("header cannot be read"));
    }
}
