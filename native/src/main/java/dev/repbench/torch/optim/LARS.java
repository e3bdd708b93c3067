package dev.repbench.torch.optim;

import dev.repbench.torch.Tensor;

import java.util.List;

/**
 * Layer-wise adaptive rate scaling (You et al., 2017) as SwAV trains with it: NVIDIA apex's {@code LARC}
 * wrapper with {@code clip=False} around {@code torch.optim.SGD} with momentum (SwAV:
 * {@code LARC(SGD(momentum=0.9, weight_decay=wd), trust_coefficient=0.001, clip=False)}), plus groups excluded
 * from adaptation and weight decay as SimCLR and BYOL exclude biases and batch-norm parameters.
 *
 * <p>With {@code g} the gradient, {@code wd} the weight decay of the parameter's group and η the trust
 * coefficient, the update direction {@code d} is
 * <pre>
 * adapted group, ‖w‖ ≠ 0 and ‖g‖ ≠ 0:   local_lr = η · ‖w‖ / (‖g‖ + wd · ‖w‖ + eps)
 *                                      d = (g + wd · w) · local_lr
 * adapted group, ‖w‖ = 0 or ‖g‖ = 0:    d = g            (LARC applies no weight decay either)
 * excluded from adaptation:            d = g + wd · w   (wd = 0 when also excluded from decay)
 * </pre>
 * followed by SGD with momentum μ and no dampening:
 * {@code buf = d} at a parameter's first step, {@code buf = μ · buf + d} afterwards, {@code w = w − lr · buf}.
 * Norms are Euclidean over all elements; the local learning rate is computed in the parameter's dtype, as LARC
 * does with tensors.
 */
public final class LARS extends MomentumOptimizer {
    private final Options options;

    /**
     * The hyperparameters; start from {@link #of(double)} and change what differs:
     * {@code LARS.Options.of(4.8).weightDecay(1e-6)} is SwAV's setting for a batch of 4096.
     *
     * @param learningRate     the initial (global) learning rate
     * @param momentum         SGD momentum applied after the scaling (0 for none)
     * @param weightDecay      L2 penalty, for groups that take weight decay
     * @param trustCoefficient η, the trust coefficient of the local learning rate
     * @param eps              added to the local learning rate's denominator
     */
    public record Options(double learningRate, double momentum, double weightDecay, double trustCoefficient,
                          double eps) {
        public Options {
            Checks.nonNegative("learning rate", learningRate);
            Checks.nonNegative("momentum", momentum);
            Checks.nonNegative("weight decay", weightDecay);
            Checks.positive("trust coefficient", trustCoefficient);
            Checks.nonNegative("eps", eps);
        }

        /** SwAV's and SimCLR's setting: momentum 0.9, trust coefficient 0.001, eps 1e-8 (apex's), no weight decay. */
        public static Options of(double learningRate) {
            return new Options(learningRate, 0.9, 0.0, 0.001, 1e-8);
        }

        public Options momentum(double momentum) {
            return new Options(learningRate, momentum, weightDecay, trustCoefficient, eps);
        }

        public Options weightDecay(double weightDecay) {
            return new Options(learningRate, momentum, weightDecay, trustCoefficient, eps);
        }

        public Options trustCoefficient(double trustCoefficient) {
            return new Options(learningRate, momentum, weightDecay, trustCoefficient, eps);
        }

        public Options eps(double eps) {
            return new Options(learningRate, momentum, weightDecay, trustCoefficient, eps);
        }
    }

    /**
     * @param groups which parameters are adapted and decayed: {@link ParameterGroup#all} as SwAV,
     *               {@link ParameterGroup#excludingBiasesAndNorms} as SimCLR and BYOL
     */
    public LARS(List<ParameterGroup> groups, Options options) {
        super(groups, options.learningRate(), options.momentum());
        this.options = options;
    }

    /** The hyperparameters this optimizer was made with (the current learning rate is {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    protected void update(Tensor parameter, Tensor gradient, ParameterGroup group, ParameterState state) {
        double decay = weightDecayFor(group, options.weightDecay());
        Tensor direction = group.layerAdaptation()
                ? adaptedDirection(parameter, gradient, decay)
                : withWeightDecay(parameter, gradient, decay);
        parameter.addInPlace(withMomentum(direction, state, 0.0), -learningRate());
    }

    /** {@code (g + wd · w) · local_lr}, or {@code g} unchanged while either norm is zero. */
    private Tensor adaptedDirection(Tensor parameter, Tensor gradient, double decay) {
        Tensor parameterNorm = TensorMath.norm(parameter);
        Tensor gradientNorm = TensorMath.norm(gradient);
        if (parameterNorm.item() == 0 || gradientNorm.item() == 0) {
            return gradient;
        }
        Tensor localLearningRate = parameterNorm.mul(options.trustCoefficient())
                .div(gradientNorm.add(parameterNorm.mul(decay)).add(options.eps()));
        return withWeightDecay(parameter, gradient, decay).mulInPlace(localLearningRate);
    }

    /** {@code g + wd · w}, computed as LARC does (a product, then a sum), as a new tensor. */
    private static Tensor withWeightDecay(Tensor parameter, Tensor gradient, double decay) {
        return gradient.add(parameter.mul(decay));
    }
}
