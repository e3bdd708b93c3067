package dev.repbench.plugins.kit.loss;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;

/**
 * SimCLR's normalised temperature-scaled cross-entropy (NT-Xent). For a batch of N pairs the 2N projections are
 * L2-normalised; each one's positive is its pair partner, its negatives the other 2N − 2, and the loss is the
 * mean over all 2N anchors of
 * <pre>  −log( exp(sim(i, pos)/τ) / Σ_{k ≠ i} exp(sim(i, k)/τ) )</pre>
 * with {@code sim} the cosine similarity. An anchor's similarity with itself is removed by subtracting a large
 * constant, as SimCLR's code does. Computed in float32 whatever the step's precision ({@link Float32Island}).
 */
public final class NtXent {
    private static final double LARGE = 1e9;

    private NtXent() {
    }

    /**
     * @param first       the first views' projections {@code [N, D]}
     * @param second      the second views' projections {@code [N, D]}, row i pairs with row i of {@code first}
     * @param temperature τ, positive
     * @return the scalar loss
     */
    public static Tensor loss(Tensor first, Tensor second, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the NT-Xent temperature must be positive, got " + temperature);
        }
        if (first.ndim() != 2 || !java.util.Arrays.equals(first.shape(), second.shape())) {
            throw new IllegalArgumentException("NT-Xent needs two [N, D] projections of one shape, got "
                    + java.util.Arrays.toString(first.shape()) + " and " + java.util.Arrays.toString(second.shape()));
        }
        try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(first)) {
            return inner.keepInParent(loss(island.input(first), island.input(second), temperature, Math.toIntExact(first.size(0))));
        }
    }

    private static Tensor loss(Tensor first, Tensor second, double temperature, int n) {
        Tensor z = Functional.normalize(Tensor.cat(java.util.List.of(first, second), 0), 1);
        Tensor logits = z.mm(z.t()).div(temperature);
        float[] self = new float[4 * n * n];
        long[] partner = new long[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            self[i * 2 * n + i] = (float) LARGE;
            partner[i] = i < n ? i + n : i - n;
        }
        Tensor masked = logits.sub(Tensor.of(self, 2L * n, 2L * n).to(first.device()));
        return Functional.crossEntropy(masked, Tensor.of(partner, 2L * n).to(first.device()));
    }
}
