package dev.repbench.torch.nn;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

/**
 * The weight initialisations of {@code torch.nn.init} that RepBench's layers use, in place and without
 * autograd history, drawing from libtorch's generator (seed it with {@link dev.repbench.torch.Torch#manualSeed}).
 * They need no open scope. Fans follow PyTorch: for a weight {@code [out, in, k…]}, fan_in = in·∏k and fan_out = out·∏k.
 */
public final class Init {
    private Init() {
    }

    /** {@code kaiming_normal_(mode='fan_out', nonlinearity='relu')}: normal with std √2 / √fan_out (torchvision's conv init). */
    public static Tensor kaimingNormalFanOut(Tensor weight) {
        double std = Math.sqrt(2.0) / Math.sqrt(fanOut(weight));
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            return weight.normalInPlace(0.0, std);
        }
    }

    /**
     * {@code kaiming_uniform_(a=√5)}, the default of {@code torch.nn.Linear} and {@code Conv2d}: uniform in
     * ±1/√fan_in.
     */
    public static Tensor defaultWeight(Tensor weight) {
        double a = Math.sqrt(5.0);
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = gain * Math.sqrt(3.0 / fanIn(weight));
        return uniform(weight, bound);
    }

    /** The default bias of {@code torch.nn.Linear} and {@code Conv2d}: uniform in ±1/√fan_in of its weight. */
    public static Tensor defaultBias(Tensor bias, Tensor weight) {
        return uniform(bias, 1.0 / Math.sqrt(fanIn(weight)));
    }

    /** Uniform in [-bound, bound). */
    public static Tensor uniform(Tensor tensor, double bound) {
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            return tensor.uniformInPlace(-bound, bound);
        }
    }

    public static Tensor constant(Tensor tensor, double value) {
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            return tensor.fillInPlace(value);
        }
    }

    static long fanIn(Tensor weight) {
        long[] shape = weight.shape();
        return shape[1] * receptiveField(shape);
    }

    static long fanOut(Tensor weight) {
        long[] shape = weight.shape();
        return shape[0] * receptiveField(shape);
    }

    private static long receptiveField(long[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan in/out needs a weight with at least 2 dimensions");
        }
        long field = 1;
        for (int k = 2; k < shape.length; k++) {
            field *= shape[k];
        }
        return field;
    }
}
