package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/** Mirrors each image left–right with probability {@code p} (torchvision's RandomHorizontalFlip). */
public record HorizontalFlip(double p) implements Augmentation {
    public HorizontalFlip {
        PerImage.probability("flip", p);
    }

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        return applyWith(images, PerImage.draws(PerImage.batchSize(images), p, random));
    }

    /** Flips the images whose flag is set. */
    public static Tensor applyWith(Tensor images, boolean[] flipped) {
        return Tensor.where(PerImage.mask(flipped, images), images.flip(3), images);
    }
}
