package dev.repbench.plugins.kit.loss;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

/**
 * SwAV's soft cluster assignments (Caron et al., 2020): the Sinkhorn-Knopp algorithm turns prototype scores
 * into assignments that spread the batch evenly over the prototypes (equipartition), without gradient.
 *
 * <p>With scores {@code S [B, K]} (B samples, K prototypes), the reference implementation computes, in the
 * transposed {@code [K, B]} layout of the paper:
 * <pre>
 * Q = exp(S / ε)ᵀ;  Q /= ΣQ
 * repeat n times:
 *     Q /= row sums;    Q /= K      (each prototype's total becomes 1/K)
 *     Q /= column sums; Q /= B      (each sample's total becomes 1/B)
 * Q *= B;  return Qᵀ
 * </pre>
 * So after the final column normalisation each sample's assignment sums to exactly 1 (up to rounding), and
 * each prototype's total over the batch approaches {@code B / K} as the iterations grow (it is exact only in
 * the limit; SwAV stops after 3).
 *
 * <p>The scores' global maximum is subtracted before the exponential: the first global normalisation removes
 * that factor exactly, so the result is the reference's while {@code exp} cannot overflow when
 * {@code S / ε} is large (cosine scores over ε = 0.05 reach 20; unnormalised ones more).
 */
public final class Sinkhorn {
    private static final Op DIVIDE_IN_PLACE = Op.of("aten::div_", "Tensor");

    private Sinkhorn() {
    }

    /**
     * @param scores     prototype scores {@code [B, K]}, e.g. the cosine similarities of B features to K
     *                   prototypes; never modified, no graph is recorded
     * @param epsilon    the entropy regularisation ε, SwAV's 0.05; smaller gives harder assignments
     * @param iterations normalisation rounds, at least 1 (SwAV: 3)
     * @return the assignments {@code [B, K]}, each row non-negative and summing to 1, in the scores' dtype raised to
     *         float32 when lower (exp(S/ε) and its normalisations need float32's mantissa: {@link Float32Island}), on
     *         their device, without gradient, in the current scope
     */
    public static Tensor assignments(Tensor scores, double epsilon, int iterations) {
        if (scores.ndim() != 2 || scores.size(0) < 1 || scores.size(1) < 1) {
            throw new IllegalArgumentException("Sinkhorn needs scores [samples, prototypes], got " + scores.describe());
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Sinkhorn's epsilon must be a positive number, got " + epsilon);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Sinkhorn needs at least 1 iteration (SwAV uses 3), got " + iterations);
        }
        long samples = scores.size(0);
        long prototypes = scores.size(1);
        try (Scope inner = Scope.open(); GradMode off = GradMode.disabled(); Float32Island island = Float32Island.open(scores)) {
            Tensor detached = island.input(scores.detach());
            Tensor q = detached.sub(detached.max()).divInPlace(epsilon).exp().t().contiguous();
            divide(q, q.sum());
            for (int i = 0; i < iterations; i++) {
                divide(q, q.sum(1, true));
                q.divInPlace(prototypes);
                divide(q, q.sum(0, true));
                q.divInPlace(samples);
            }
            q.mulInPlace(samples);
            return inner.keepInParent(q.t().contiguous());
        }
    }

    /** {@code q /= divisor} in place (broadcast), freeing the divisor: the [K, B] matrix may be large (SwAV's queue). */
    private static void divide(Tensor q, Tensor divisor) {
        DIVIDE_IN_PLACE.callInPlace(q, divisor);
        divisor.close();
    }
}
