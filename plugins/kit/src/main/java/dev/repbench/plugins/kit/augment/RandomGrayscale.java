package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/**
 * Turns each image grey with probability {@code p}, keeping three channels (torchvision's RandomGrayscale): the
 * luma of ITU-R 601-2, {@code 0.299 R + 0.587 G + 0.114 B}, with torchvision's constants.
 */
public record RandomGrayscale(double p) implements Augmentation {
    // torchvision's rgb_to_grayscale uses 0.2989 for red.
    private static final double RED = 0.2989;
    private static final double GREEN = 0.587;
    private static final double BLUE = 0.114;

    public RandomGrayscale {
        PerImage.probability("grayscale", p);
    }

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        boolean[] applied = PerImage.draws(PerImage.batchSize(images), p, random);
        if (!PerImage.any(applied)) {
            return images.clone();
        }
        Tensor grey = luma(images).expand(images.shape());
        return Tensor.where(PerImage.mask(applied, images), grey, images);
    }

    /** @return the luma of RGB images, {@code [B, 1, H, W]} */
    public static Tensor luma(Tensor images) {
        Tensor r = images.narrow(1, 0, 1);
        Tensor g = images.narrow(1, 1, 1);
        Tensor b = images.narrow(1, 2, 1);
        return r.mul(RED).add(g.mul(GREEN)).add(b.mul(BLUE));
    }
}
