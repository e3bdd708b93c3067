package dev.repbench.torch.nn;

import dev.repbench.torch.Tensor;

/**
 * A 2-D convolution with square kernel, stride, padding and dilation, as {@code torch.nn.Conv2d}: entries
 * {@code weight [out, in/groups, k, k]} and, when enabled, {@code bias [out]}, initialised as PyTorch does
 * ({@link Init#defaultWeight}, {@link Init#defaultBias}).
 */
public final class Conv2d extends Layer {
    private final long stride;
    private final long padding;
    private final long dilation;
    private final long groups;
    private final boolean hasBias;

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation,
                  long groups, boolean bias) {
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels " + inChannels + " → " + outChannels + " are not divisible by groups " + groups);
        }
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.hasBias = bias;
        Tensor w = registerParameter("weight", () -> Init.defaultWeight(Tensor.zeros(outChannels, inChannels / groups, kernelSize, kernelSize)));
        if (bias) {
            registerParameter("bias", () -> Init.defaultBias(Tensor.zeros(outChannels), w));
        }
    }

    /** Dilation 1, one group. */
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, bias);
    }

    public Tensor weight() {
        return parameter("weight");
    }

    /** The bias, or null when built without one. */
    public Tensor bias() {
        return hasBias ? parameter("bias") : null;
    }

    /** The side of the square kernel. */
    public long kernelSize() {
        return weight().size(2);
    }

    public long stride() {
        return stride;
    }

    /** Zero padding on each of the four sides. */
    public long padding() {
        return padding;
    }

    public long dilation() {
        return dilation;
    }

    public long groups() {
        return groups;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.conv2d(input, weight(), bias(), stride, padding, dilation, groups);
    }
}
