package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/**
 * With probability {@code p} per image, inverts every value at or above {@code threshold} ({@code v → 1 − v}),
 * as torchvision's RandomSolarize on [0, 1] images; BYOL uses threshold 0.5.
 */
public record Solarize(double p, double threshold) implements Augmentation {
    public Solarize {
        PerImage.probability("solarize", p);
    }

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        boolean[] applied = PerImage.draws(PerImage.batchSize(images), p, random);
        if (!PerImage.any(applied)) {
            return images.clone();
        }
        Tensor solarized = Tensor.where(images.lt(threshold), images, images.neg().add(1.0));
        return Tensor.where(PerImage.mask(applied, images), solarized, images);
    }
}
