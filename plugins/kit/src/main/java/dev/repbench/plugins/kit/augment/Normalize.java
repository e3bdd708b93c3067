package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/**
 * Subtracts a per-channel mean and divides by a per-channel standard deviation; draws nothing.
 *
 * @param mean per channel
 * @param std  per channel, positive
 */
public record Normalize(double[] mean, double[] std) implements Augmentation {
    /** ImageNet's statistics, which RepBench's encoders expect by default. */
    public static final Normalize IMAGENET = new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    public Normalize {
        mean = mean.clone();
        std = std.clone();
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need one value per channel each, got " + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, got " + s);
            }
        }
    }

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        int channels = mean.length;
        float[] m = new float[channels];
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = (float) mean[c];
            s[c] = (float) std[c];
        }
        Tensor meanColumn = Tensor.of(m, 1, channels, 1, 1).to(images.device());
        Tensor stdColumn = Tensor.of(s, 1, channels, 1, 1).to(images.device());
        return images.sub(meanColumn).div(stdColumn);
    }
}
