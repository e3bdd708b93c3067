package dev.repbench.plugins.kit.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static Tensor randomImages(int batch, int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[batch * 3 * side * side];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return Tensor.of(values, batch, 3, side, side);
    }

    @Test
    void everyPresetIsDeterministicForTheSameRandomAndHasTheOutputShape() {
        List<Augmentation> presets = List.of(Augmentations.mocoV1(12), Augmentations.mocoV2(12), Augmentations.simclr(12),
                Augmentations.swav(12, 0.14, 1.0), Augmentations.byolFirst(12), Augmentations.byolSecond(12),
                Augmentations.supervised(12));
        try (Scope s = Scope.open()) {
            Tensor images = randomImages(3, 16, 1);
            for (Augmentation preset : presets) {
                Tensor a = preset.apply(images, new SplittableRandom(5));
                Tensor b = preset.apply(images, new SplittableRandom(5));
                Tensor c = preset.apply(images, new SplittableRandom(6));
                assertArrayEquals(new long[] {3, 3, 12, 12}, a.shape());
                assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
                assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()), "another random, another view");
            }
        }
    }

    @Test
    void flipMirrorsExactlyTheChosenImages() {
        try (Scope s = Scope.open()) {
            Tensor images = randomImages(2, 5, 2);
            float[] in = images.toFloatArray();
            float[] out = HorizontalFlip.applyWith(images, new boolean[] {true, false}).toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 5; x++) {
                        int at = (c * 5 + y) * 5;
                        assertEquals(in[at + 4 - x], out[at + x]);
                        assertEquals(in[75 + at + x], out[75 + at + x]);
                    }
                }
            }
        }
    }

    @Test
    void grayscaleIsTheLumaFormulaInEveryChannel() {
        try (Scope s = Scope.open()) {
            Tensor images = randomImages(1, 4, 3);
            float[] in = images.toFloatArray();
            float[] out = new RandomGrayscale(1.0).apply(images, new SplittableRandom(1)).toFloatArray();
            for (int p = 0; p < 16; p++) {
                float expected = 0.2989f * in[p] + 0.587f * in[16 + p] + 0.114f * in[32 + p];
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected, out[c * 16 + p], 1e-6f);
                }
            }
        }
    }

    @Test
    void aFullImageCropAtTheSameSideIsTheIdentity() {
        try (Scope s = Scope.open()) {
            Tensor images = randomImages(2, 8, 4);
            RandomResizedCrop.Box whole = new RandomResizedCrop.Box(0, 0, 8, 8);
            Tensor out = RandomResizedCrop.applyWith(images, new RandomResizedCrop.Box[] {whole, whole}, 8);
            assertArrayEquals(images.toFloatArray(), out.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aCropBoxOfHalfTheImageAtHalfTheSideSamplesBetweenItsPixels() {
        try (Scope s = Scope.open()) {
            // Value = column index: the top-left 4x4 box resized to 2x2 samples midway between columns 0|1 and 2|3.
            float[] values = new float[3 * 8 * 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = i % 8;
            }
            Tensor images = Tensor.of(values, 1, 3, 8, 8);
            float[] out = RandomResizedCrop.applyWith(images, new RandomResizedCrop.Box[] {new RandomResizedCrop.Box(0, 0, 4, 4)}, 2)
                    .toFloatArray();
            assertEquals(0.5f, out[0], 1e-5f);
            assertEquals(2.5f, out[1], 1e-5f);
        }
    }

    @Test
    void drawnCropBoxesLieInsideTheImageWithinTheScaleRange() {
        RandomResizedCrop crop = new RandomResizedCrop(8, 0.2, 1.0);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            RandomResizedCrop.Box box = crop.drawBox(32, 48, random);
            assertTrue(box.top() >= 0 && box.left() >= 0 && box.top() + box.height() <= 32 && box.left() + box.width() <= 48, box.toString());
            double ratio = (double) box.width() / box.height();
            assertTrue(ratio > 0.6 && ratio < 1.6, box.toString());
        }
    }

    @Test
    void imagesNotJitteredAreLeftExactlyAsTheyWere() {
        try (Scope s = Scope.open()) {
            Tensor images = randomImages(2, 6, 5);
            ColorJitter.Factors[] factors = {new ColorJitter.Factors(new int[] {3, 1, 0, 2}, 1.3, 0.6, 1.5, 0.2),
                    ColorJitter.Factors.identity()};
            float[] in = images.toFloatArray();
            float[] out = ColorJitter.applyWith(images, factors).toFloatArray();
            int perImage = 3 * 36;
            assertArrayEquals(java.util.Arrays.copyOfRange(in, perImage, 2 * perImage),
                    java.util.Arrays.copyOfRange(out, perImage, 2 * perImage), 0f);
            assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(in, perImage), java.util.Arrays.copyOf(out, perImage)));
        }
    }

    @Test
    void theHueRotationKeepsGreyGreyAndATurnOfAThirdCyclesTheChannels() {
        try (Scope s = Scope.open()) {
            Tensor grey = Tensor.full(0.4, dev.repbench.torch.DType.FLOAT32, dev.repbench.api.Device.CPU, 1, 3, 2, 2);
            assertArrayEquals(grey.toFloatArray(), ColorJitter.hue(grey, new double[] {0.3}).toFloatArray(), 1e-6f);
            Tensor red = Tensor.of(new float[] {1f, 0f, 0f}, 1, 3, 1, 1);
            assertArrayEquals(new float[] {0f, 1f, 0f}, ColorJitter.hue(red, new double[] {1.0 / 3}).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void solarizeInvertsValuesAtOrAboveTheThreshold() {
        try (Scope s = Scope.open()) {
            Tensor images = Tensor.of(new float[] {0.2f, 0.5f, 0.9f}, 1, 3, 1, 1);
            assertArrayEquals(new float[] {0.2f, 0.5f, 0.1f},
                    new Solarize(1.0, 0.5).apply(images, new SplittableRandom(1)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void normalizeUsesPerChannelStatistics() {
        try (Scope s = Scope.open()) {
            Tensor images = Tensor.of(new float[] {0.485f, 0.456f + 0.224f, 0.406f - 0.225f}, 1, 3, 1, 1);
            assertArrayEquals(new float[] {0f, 1f, -1f}, Normalize.IMAGENET.apply(images, null).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void blurKernelIsATenthOfTheSideOddAndAtLeastThree() {
        assertEquals(3, GaussianBlur.kernelSizeFor(32));
        assertEquals(23, GaussianBlur.kernelSizeFor(224));
        assertEquals(9, GaussianBlur.kernelSizeFor(96));
    }
}
