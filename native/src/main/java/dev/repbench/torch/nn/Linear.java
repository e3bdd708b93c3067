package dev.repbench.torch.nn;

import dev.repbench.torch.Tensor;

/**
 * A fully connected layer {@code y = x·Wᵀ + b}, as {@code torch.nn.Linear}: {@code weight [out, in]} and
 * optional {@code bias [out]}, both uniform in ±1/√in (PyTorch's default).
 */
public final class Linear extends Layer {
    private final boolean hasBias;

    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this.hasBias = bias;
        Tensor w = registerParameter("weight", () -> Init.defaultWeight(Tensor.zeros(outFeatures, inFeatures)));
        if (bias) {
            registerParameter("bias", () -> Init.defaultBias(Tensor.zeros(outFeatures), w));
        }
    }

    public Linear(long inFeatures, long outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Tensor weight() {
        return parameter("weight");
    }

    /** The bias, or null when built without one. */
    public Tensor bias() {
        return hasBias ? parameter("bias") : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.linear(input, weight(), bias());
    }
}
