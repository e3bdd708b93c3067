package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/**
 * A batched image augmentation on the device. Per-image parameters are drawn in Java from {@code random} (so
 * they are reproducible and independent of libtorch's generator) and applied to the whole batch with a few
 * tensor operations, never a loop of per-image kernels where a batched form exists.
 *
 * <p>Input: {@code [B, C, H, W]} float32 with values in [0, 1] (C = 3 except where noted). Output: a new
 * tensor in the current scope; the input is not modified. Compose with {@link #then}.
 */
@FunctionalInterface
public interface Augmentation {

    /**
     * @param images the batch
     * @param random the source of every random choice this call makes
     * @return the augmented batch
     */
    Tensor apply(Tensor images, SplittableRandom random);

    /** This augmentation, then {@code next}, drawing from the same random source in that order. */
    default Augmentation then(Augmentation next) {
        return (images, random) -> next.apply(apply(images, random), random);
    }
}
