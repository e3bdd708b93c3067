package dev.repbench.torch;

import dev.repbench.torch.ffi.repbench_torch_h;

/**
 * One Adam or AdamW update of one parameter tensor in a single call into the shim ({@code rb_adam_step}): the
 * operators of PyTorch's single-tensor rule ({@code torch.optim.adam._single_tensor_adam}, without AMSGrad), in
 * the order {@code dev.repbench.torch.optim.Adam}'s op sequence calls them, so the results are bit-identical to it
 * on any device and dtype, at one downcall instead of eight boxed ones and their temporaries' handles.
 */
public final class FusedAdam {
    private FusedAdam() {
    }

    /**
     * Updates {@code parameter}, {@code expAvg} and {@code expAvgSq} in place from {@code gradient}, without
     * recording autograd history:
     * <pre>
     * w = w · (1 − lr · weightDecay)        (decoupledWeightDecay, AdamW)
     * g = g + weightDecay · w               (otherwise, Adam's L2 term)
     * m = β1 · m + (1 − β1) · g
     * v = β2 · v + (1 − β2) · g²
     * w = w − (lr / biasCorrection1) · m / (√v / √biasCorrection2 + eps)
     * </pre>
     *
     * @param biasCorrection1 {@code 1 − β1^t} at the parameter's step {@code t} (from 1)
     * @param biasCorrection2 {@code 1 − β2^t}
     * @throws TorchException when the four tensors differ in shape, or libtorch refuses an operator (then the
     *                        tensors may be partly updated, as with the op sequence)
     */
    public static void step(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, double learningRate,
                            double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay,
                            double biasCorrection1, double biasCorrection2) {
        Native.check(repbench_torch_h.rb_adam_step(parameter.handle(), gradient.handle(), expAvg.handle(), expAvgSq.handle(),
                learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay ? 1 : 0, biasCorrection1, biasCorrection2),
                "the fused Adam step");
    }
}
