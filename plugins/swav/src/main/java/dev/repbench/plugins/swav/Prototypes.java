package dev.repbench.plugins.swav;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Init;
import dev.repbench.torch.nn.Layer;

/**
 * SwAV's K prototypes: a bias-free linear layer with {@code weight [K, features]} (initialised as
 * {@code torch.nn.Linear}'s) whose rows are kept at unit length, so that with unit-norm features its outputs are
 * cosine similarities. The method renormalises the rows ({@link #normalize()}) after every optimiser step that
 * updated them; the constructor does it once before the first.
 */
final class Prototypes extends Layer {
    Prototypes(long featureDim, long count) {
        registerParameter("weight", () -> Init.defaultWeight(Tensor.zeros(count, featureDim)));
        normalize();
    }

    /** @return the prototype matrix {@code [K, features]}, the trained parameter itself */
    Tensor weight() {
        return parameter("weight");
    }

    /** @return the scores {@code [N, K]} of features {@code [N, features]} */
    @Override
    public Tensor forward(Tensor features) {
        return Functional.linear(features, weight(), null);
    }

    /** Scales every prototype to unit L2 norm, in place and outside autograd. */
    void normalize() {
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            weight().copyFromInPlace(Functional.normalize(weight(), 1));
        }
    }
}
