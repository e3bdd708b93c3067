package dev.repbench.torch.optim;

import dev.repbench.torch.FusedAdam;
import dev.repbench.torch.Tensor;

/**
 * One {@link Adam} or {@link AdamW} update of one parameter tensor, two ways with the same bits: {@link #fused} (one
 * call into the shim) and {@link #opSequence} (one boxed operator call per step of the rule). The optimizers use
 * the fused call, and the op sequence only for AMSGrad, which the fused call does not cover; the op sequence is
 * also the reference that FusedAdamTest and {@code repbench bench torch} hold the fused call to.
 */
public final class AdamStep {
    private AdamStep() {
    }

    /**
     * The scalars of one update.
     *
     * @param weightDecay          0 for none (or for a group that takes no weight decay)
     * @param decoupledWeightDecay AdamW's decay ({@code w = w · (1 − lr · weightDecay)}) instead of Adam's L2 term
     * @param biasCorrection1      {@code 1 − β1^t} at the parameter's step {@code t} (from 1)
     * @param biasCorrection2      {@code 1 − β2^t}
     */
    public record Scalars(double learningRate, double beta1, double beta2, double eps, double weightDecay,
                          boolean decoupledWeightDecay, double biasCorrection1, double biasCorrection2) {
    }

    /** The update in one shim call ({@link FusedAdam}): the operators of {@link #opSequence}, in its order. */
    public static void fused(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, Scalars s) {
        FusedAdam.step(parameter, gradient, expAvg, expAvgSq, s.learningRate(), s.beta1(), s.beta2(), s.eps(),
                s.weightDecay(), s.decoupledWeightDecay(), s.biasCorrection1(), s.biasCorrection2());
    }

    /**
     * The update as PyTorch's {@code _single_tensor_adam} writes it, one operator at a time. Call it with autograd
     * off (as {@link Optimizer#step()} does); its temporaries go to the current scope.
     *
     * @param maxExpAvgSq AMSGrad's running maximum of {@code expAvgSq} (updated in place), or null without AMSGrad
     */
    public static void opSequence(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
                                  Scalars s) {
        Tensor g = gradient;
        if (s.weightDecay() != 0) {
            if (s.decoupledWeightDecay()) {
                parameter.mulInPlace(1 - s.learningRate() * s.weightDecay());
            } else {
                g = TensorMath.addScaled(gradient, parameter, s.weightDecay());
            }
        }
        expAvg.mulInPlace(s.beta1()).addInPlace(g, 1 - s.beta1());
        expAvgSq.mulInPlace(s.beta2()).addcmulInPlace(g, g, 1 - s.beta2());

        Tensor secondMoment = expAvgSq;
        if (maxExpAvgSq != null) {
            maxExpAvgSq.copyFromInPlace(maxExpAvgSq.maximum(expAvgSq));
            secondMoment = maxExpAvgSq;
        }

        double stepSize = s.learningRate() / s.biasCorrection1();
        Tensor denominator = secondMoment.sqrt().divInPlace(Math.sqrt(s.biasCorrection2())).add(s.eps());
        parameter.addcdivInPlace(expAvg, denominator, -stepSize);
    }
}
