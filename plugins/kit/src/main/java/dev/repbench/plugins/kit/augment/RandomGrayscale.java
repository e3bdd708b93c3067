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

    /** @return the luma of RGB images, {@code [B, 1, H, W]}, as one weighted channel sum */
    public static Tensor luma(Tensor images) {
        Tensor weights = Tensor.of(new float[] {(float) RED, (float) GREEN, (float) BLUE}, 1, 3, 1, 1).to(images.device());
        return images.mul(weights).sum(1, true);
    }
}
