package dev.repbench.torch.optim;

import dev.repbench.torch.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, with exactly
 * PyTorch's update rule ({@code torch.optim.SGD}): with {@code g} the gradient,
 * <pre>
 * g   = g + weight_decay · w
 * buf = g                                       at a parameter's first step
 * buf = momentum · buf + (1 − dampening) · g    afterwards
 * d   = g + momentum · buf   (Nesterov)   or   buf   (otherwise; g without momentum)
 * w   = w − lr · d
 * </pre>
 * MoCo trains with {@code SGD(lr 0.03, momentum 0.9, weight decay 1e-4)}.
 */
public final class SGD extends MomentumOptimizer {
    private final Options options;

    /**
     * The hyperparameters; start from {@link #of(double)} and change what differs:
     * {@code SGD.Options.of(0.03).momentum(0.9).weightDecay(1e-4)}.
     *
     * @param learningRate the initial learning rate
     * @param momentum     0 for none
     * @param dampening    the fraction of each gradient left out of the momentum buffer (0 for Nesterov)
     * @param nesterov     Nesterov momentum (needs momentum &gt; 0 and dampening 0)
     * @param weightDecay  L2 penalty added to the gradient, for groups that take weight decay
     */
    public record Options(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay) {
        public Options {
            Checks.nonNegative("learning rate", learningRate);
            Checks.nonNegative("momentum", momentum);
            Checks.nonNegative("dampening", dampening);
            Checks.nonNegative("weight decay", weightDecay);
        }

        /** Plain SGD: no momentum, no weight decay (PyTorch's defaults). */
        public static Options of(double learningRate) {
            return new Options(learningRate, 0.0, 0.0, false, 0.0);
        }

        public Options momentum(double momentum) {
            return new Options(learningRate, momentum, dampening, nesterov, weightDecay);
        }

        public Options dampening(double dampening) {
            return new Options(learningRate, momentum, dampening, nesterov, weightDecay);
        }

        public Options nesterov(boolean nesterov) {
            return new Options(learningRate, momentum, dampening, nesterov, weightDecay);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(learningRate, momentum, dampening, nesterov, weightDecay);
        }
    }

    public SGD(List<ParameterGroup> groups, Options options) {
        super(groups, options.learningRate(), options.momentum());
        if (options.nesterov() && (options.momentum() <= 0 || options.dampening() != 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0 and zero dampening: " + options);
        }
        this.options = options;
    }

    /** The hyperparameters this optimizer was made with (the current learning rate is {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    protected void update(Tensor parameter, Tensor gradient, ParameterGroup group, ParameterState state) {
        Tensor direction = withWeightDecay(gradient, parameter, weightDecayFor(group, options.weightDecay()));
        Tensor buffer = withMomentum(direction, state, options.dampening());
        if (options.nesterov()) {
            // Nesterov needs momentum, so the buffer is the state's: step along g + momentum · buf.
            parameter.addInPlace(TensorMath.addScaled(direction, buffer, options.momentum()), -learningRate());
        } else {
            parameter.addInPlace(buffer, -learningRate());
        }
    }

    /** {@code g + decay · w}: L2 regularisation folded into the gradient. */
    static Tensor withWeightDecay(Tensor gradient, Tensor parameter, double decay) {
        return decay == 0 ? gradient : TensorMath.addScaled(gradient, parameter, decay);
    }
}
