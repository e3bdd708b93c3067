package dev.repbench.plugins.kit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.api.data.Image;
import org.junit.jupiter.api.Test;

class SquareImagesTest {

    @Test
    void aWideImageOfTheRightHeightIsCentreCroppedExactly() {
        // 3 x 4 x 8, value = x/10 + c/100: the shorter side is already 4, so only the crop (columns 2..5) acts.
        float[] pixels = new float[3 * 4 * 8];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 8; x++) {
                    pixels[(c * 4 + y) * 8 + x] = x / 10f + c / 100f;
                }
            }
        }
        float[] out = new float[3 * 16];
        SquareImages.write(new Image(3, 4, 8, pixels), 4, out, 0);
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 4; x++) {
                assertEquals((x + 2) / 10f + c / 100f, out[c * 16 + 4 + x], 1e-7f);
            }
        }
    }

    @Test
    void downscalingByTwoAveragesNeighbours() {
        // Half-pixel bilinear at an exact factor of 2 samples midway between source pixels: the pair's mean.
        float[] pixels = {0f, 0.2f, 0.4f, 0.6f, 0f, 0.2f, 0.4f, 0.6f, 0f, 0.2f, 0.4f, 0.6f, 0f, 0.2f, 0.4f, 0.6f};
        float[] out = new float[3 * 4];
        SquareImages.write(new Image(1, 4, 4, pixels), 2, out, 0);
        assertEquals(0.1f, out[0], 1e-6f);
        assertEquals(0.5f, out[1], 1e-6f);
        assertEquals(0.5f, out[4 + 3], 1e-6f);
    }

    @Test
    void twoChannelImagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SquareImages.write(new Image(2, 4, 4, new float[32]), 4, new float[48], 0));
    }
}
