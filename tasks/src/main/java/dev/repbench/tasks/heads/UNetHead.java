package dev.repbench.tasks.heads;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Module;

import java.util.List;

/**
 * The study's U-Net decoder over an encoder's block pyramid (used for depth): convolutions, pixel shuffle, and
 * after every upsampling the encoder's block of matching size added as a residual.
 *
 * <p>Starting from the coarsest block, each stage {@code up<k>} (k = blocks−1 … 1) is a 3×3 convolution from the
 * current channels to {@code channels(k) · r²}, a pixel shuffle of factor {@code r = stride(k+1) / stride(k)}
 * (so the result has exactly block k's channels at block k's resolution), LeakyReLU (slope 0.01), and the addition
 * of block k. The last stage {@code out} is a 3×3 convolution to {@code outputs · s²} and a pixel shuffle of factor
 * {@code s = stride(1)} to the input resolution, with no activation (a regression or logit output). This is the
 * arrangement of ViRB's {@code upshuffle} stages; for ResNet-50 its widest convolution (2048 → 4·1024) makes the
 * head about 100 M parameters.
 *
 * <p>Entries: {@code up4.weight, up4.bias, …, up1.weight, up1.bias, out.weight, out.bias} for five blocks.
 * When an input side is not a multiple of the strides, each upsampled map is resized bilinearly to its skip's
 * size and the output to the requested size.
 */
public final class UNetHead extends Module {
    private static final double LEAKY_SLOPE = 0.01;

    private final Pyramid pyramid;
    /** {@code up[k]} maps block k+1's resolution to block k's; index 0 is unused. */
    private final Conv2d[] up;
    private final Conv2d out;
    private final long outputs;

    /**
     * @param pyramid the encoder's blocks
     * @param outputs the output channels (1 for depth, C for C-class segmentation, 2 for flow)
     */
    public UNetHead(Pyramid pyramid, long outputs) {
        this.pyramid = pyramid;
        this.outputs = outputs;
        int n = pyramid.blocks();
        up = new Conv2d[n];
        for (int k = n - 1; k >= 1; k--) {
            long r = pyramid.upscale(k + 1);
            up[k] = registerModule("up" + k, new Conv2d(pyramid.channels(k + 1), pyramid.channels(k) * r * r, 3, 1, 1, true));
        }
        long s = pyramid.stride(1);
        out = registerModule("out", new Conv2d(pyramid.channels(1), outputs * s * s, 3, 1, 1, true));
    }

    public Pyramid pyramid() {
        return pyramid;
    }

    /** The output channels. */
    public long outputs() {
        return outputs;
    }

    /**
     * @param blocks {@code block1 … blockN}, block k {@code [N, channels(k), H/stride(k), W/stride(k)]}
     * @param height the output height H (the encoder's input height)
     * @param width  the output width W
     * @return {@code [N, outputs, H, W]}
     */
    public Tensor forward(List<Tensor> blocks, long height, long width) {
        pyramid.check(blocks);
        return decode(blocks, height, width);
    }

    /** As {@link #forward(List, long, long)} at the input size block 1 implies ({@link Pyramid#inputSize}). */
    public Tensor forward(List<Tensor> blocks) {
        long[] size = pyramid.inputSize(blocks);
        return forward(blocks, size[0], size[1]);
    }

    /** The decoder over blocks already checked against the pyramid. */
    Tensor decode(List<Tensor> blocks, long height, long width) {
        try (Scope inner = Scope.open()) {
            int n = pyramid.blocks();
            Tensor x = blocks.get(n - 1);
            for (int k = n - 1; k >= 1; k--) {
                Tensor skip = blocks.get(k - 1);
                Tensor shuffled = Functional.pixelShuffle(up[k].forward(x), pyramid.upscale(k + 1));
                x = Resize.like(Functional.leakyRelu(shuffled, LEAKY_SLOPE), skip).add(skip);
            }
            Tensor y = Functional.pixelShuffle(out.forward(x), pyramid.stride(1));
            return inner.keepInParent(Resize.to(y, height, width));
        }
    }
}
