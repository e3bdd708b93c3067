package dev.repbench.torch.nn;

import dev.repbench.torch.Tensor;

/** A module mapping one tensor to one tensor: the building blocks that a {@link Sequential} chains. */
public abstract class Layer extends Module {
    /** Computes the output; it belongs to the caller's current scope. */
    public abstract Tensor forward(Tensor input);
}
