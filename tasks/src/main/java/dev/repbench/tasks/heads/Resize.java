package dev.repbench.tasks.heads;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;

/** Bilinear resizing to an exact size, for inputs whose side is not a multiple of the strides (e.g. 513). */
final class Resize {
    private Resize() {
    }

    /** {@code x} itself when it is already {@code height × width}, else its bilinear resize (align_corners=False). */
    static Tensor to(Tensor x, long height, long width) {
        long[] shape = x.shape();
        if (shape[2] == height && shape[3] == width) {
            return x;
        }
        return Functional.interpolateBilinear(x, height, width);
    }

    /** {@code x} resized to the height and width of {@code like}. */
    static Tensor like(Tensor x, Tensor like) {
        long[] shape = like.shape();
        return to(x, shape[2], shape[3]);
    }
}
