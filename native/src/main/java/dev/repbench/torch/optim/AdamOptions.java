package dev.repbench.torch.optim;

/**
 * The hyperparameters of {@link Adam} and {@link AdamW}. Start from {@link #adam(double)} or
 * {@link #adamW(double)} (PyTorch's defaults for each) and change what differs:
 * {@code AdamOptions.adamW(1e-3).weightDecay(0.05)}.
 *
 * @param learningRate the initial learning rate
 * @param beta1        decay of the first-moment (mean) estimate
 * @param beta2        decay of the second-moment (uncentred variance) estimate
 * @param eps          added to the denominator for numerical stability
 * @param weightDecay  L2 penalty for Adam, decoupled decay rate for AdamW; for groups that take weight decay
 * @param amsgrad      normalise by the running maximum of the second-moment estimate (AMSGrad)
 */
public record AdamOptions(double learningRate, double beta1, double beta2, double eps, double weightDecay,
                          boolean amsgrad) {
    public AdamOptions {
        Checks.nonNegative("learning rate", learningRate);
        Checks.inUnitInterval("beta1", beta1);
        Checks.inUnitInterval("beta2", beta2);
        Checks.nonNegative("eps", eps);
        Checks.nonNegative("weight decay", weightDecay);
    }

    /** PyTorch's {@code Adam} defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static AdamOptions adam(double learningRate) {
        return new AdamOptions(learningRate, 0.9, 0.999, 1e-8, 0.0, false);
    }

    /** PyTorch's {@code AdamW} defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static AdamOptions adamW(double learningRate) {
        return new AdamOptions(learningRate, 0.9, 0.999, 1e-8, 0.01, false);
    }

    public AdamOptions betas(double beta1, double beta2) {
        return new AdamOptions(learningRate, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamOptions eps(double eps) {
        return new AdamOptions(learningRate, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamOptions weightDecay(double weightDecay) {
        return new AdamOptions(learningRate, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamOptions amsgrad(boolean amsgrad) {
        return new AdamOptions(learningRate, beta1, beta2, eps, weightDecay, amsgrad);
    }
}
