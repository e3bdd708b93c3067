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

    /**
     * {@code x} resized to the height and width of {@code like}, in {@code like}'s memory order when that is
     * channels-last (a bf16 head on the CPU). Without this a map that left a 1×1 branch or a concatenation as NCHW
     * stays NCHW from there on, and libtorch 1.13's bilinear resize of an NCHW bfloat16 map, forward and backward,
     * takes about 15× its channels-last time, and the convolutions after it get NCHW input. An NCHW
     * {@code like} (fp32 heads) is left as it was, so fp32 runs the same kernels as before.
     */
    static Tensor like(Tensor x, Tensor like) {
        long[] shape = like.shape();
        if (!isStrictlyChannelsLast(like)) {
            return to(x, shape[2], shape[3]);
        }
        Tensor resized = to(x.isChannelsLast() ? x : x.toChannelsLast(), shape[2], shape[3]);
        return resized.isChannelsLast() ? resized : resized.toChannelsLast();
    }

    /** Channels-last and not also NCHW-contiguous: a map whose order is a choice, not a 1×1 map's either-way. */
    private static boolean isStrictlyChannelsLast(Tensor x) {
        return x.isChannelsLast() && !x.isContiguous();
    }
}
