package dev.repbench.torch.optim;

import dev.repbench.torch.Tensor;

import java.util.List;
import java.util.Set;

/**
 * Adam with L2 weight decay and optional AMSGrad, with exactly PyTorch's update rule ({@code torch.optim.Adam},
 * single-tensor path): at a parameter's step {@code t} (from 1), with {@code g} the gradient,
 * <pre>
 * g  = g + weight_decay · w
 * m  = β1 · m + (1 − β1) · g
 * v  = β2 · v + (1 − β2) · g²
 * v̂  = max(v̂, v)   with AMSGrad, else v̂ = v
 * w  = w − (lr / (1 − β1^t)) · m / (√v̂ / √(1 − β2^t) + eps)
 * </pre>
 * {@link AdamW} decouples the weight decay instead. A parameter's update is one call into the shim
 * ({@link AdamStep#fused}), bit-identical to the operator sequence, which AMSGrad still uses ({@link AdamStep#opSequence}).
 */
public class Adam extends Optimizer {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private final AdamOptions options;
    // The bias corrections of the last step count seen: parameters usually share it, and the powers are not free.
    private long correctedStep = -1;
    private double biasCorrection1;
    private double biasCorrection2;

    public Adam(List<ParameterGroup> groups, AdamOptions options) {
        super(groups, options.learningRate());
        this.options = options;
    }

    /** The hyperparameters this optimizer was made with (the current learning rate is {@link #learningRate()}). */
    public AdamOptions options() {
        return options;
    }

    @Override
    protected Set<String> stateBufferNames() {
        return options.amsgrad() ? Set.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ) : Set.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    protected final void update(Tensor parameter, Tensor gradient, ParameterGroup group, ParameterState state) {
        Tensor expAvg = state.bufferOrZeros(EXP_AVG, parameter);
        Tensor expAvgSq = state.bufferOrZeros(EXP_AVG_SQ, parameter);
        biasCorrectionsAt(state.steps());
        AdamStep.Scalars scalars = new AdamStep.Scalars(learningRate(), options.beta1(), options.beta2(), options.eps(),
                weightDecayFor(group, options.weightDecay()), decoupledWeightDecay(), biasCorrection1, biasCorrection2);
        if (options.amsgrad()) {
            // The fused call has no AMSGrad (one more buffer and operator, used by no protocol): the same rule, op by op.
            Tensor maxExpAvgSq = state.bufferOrZeros(MAX_EXP_AVG_SQ, parameter);
            AdamStep.opSequence(parameter, gradient, expAvg, expAvgSq, maxExpAvgSq, scalars);
        } else {
            AdamStep.fused(parameter, gradient, expAvg, expAvgSq, scalars);
        }
    }

    /**
     * Sets {@code 1 − β1^t} and {@code 1 − β2^t}, with correctly rounded powers: the same on every machine (a
     * resumed run stays bit-exact) and the same as PyTorch's.
     */
    private void biasCorrectionsAt(long t) {
        if (t != correctedStep) {
            biasCorrection1 = 1 - ExactMath.pow(options.beta1(), t);
            biasCorrection2 = 1 - ExactMath.pow(options.beta2(), t);
            correctedStep = t;
        }
    }

    /** Whether the weight decay is decoupled from the gradient (AdamW) rather than an L2 term added to it (Adam). */
    boolean decoupledWeightDecay() {
        return false;
    }
}
