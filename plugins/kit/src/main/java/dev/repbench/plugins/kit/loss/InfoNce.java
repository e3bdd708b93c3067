package dev.repbench.plugins.kit.loss;

import dev.repbench.api.Device;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;

import java.util.Arrays;
import java.util.List;

/**
 * The InfoNCE loss of momentum contrast: each query is scored against its own key (the positive) and a shared
 * set of negatives, and the loss is the cross-entropy of picking the positive,
 * <pre>
 * logits_i = [q_i·k_i, q_i·n_1, …, q_i·n_K] / τ
 * loss     = mean_i ( logsumexp(logits_i) − logits_i[0] )
 * </pre>
 * Computed in float32 whatever the step's precision ({@link Float32Island}). A pure function: nothing is normalised here (MoCo feeds L2-normalised queries, keys and negatives) and no
 * gradient is stopped (pass detached keys and negatives when they must not be trained).
 */
public final class InfoNce {

    private InfoNce() {
    }

    /**
     * @param queries      {@code [B, D]}
     * @param positiveKeys {@code [B, D]}: row i is the positive of query i
     * @param negatives    {@code [K, D]}: negatives shared by every query (MoCo's queue), K ≥ 0
     * @param temperature  τ &gt; 0
     * @return the mean loss, a scalar in the current scope
     */
    public static Tensor loss(Tensor queries, Tensor positiveKeys, Tensor negatives, double temperature) {
        try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(queries)) {
            Tensor logits = logits(queries, positiveKeys, negatives, temperature);
            Tensor positiveIndex = Tensor.zeros(DType.INT64, queries.device(), queries.size(0));
            return inner.keepInParent(Functional.crossEntropy(logits, positiveIndex));
        }
    }

    /**
     * The logits the loss is the cross-entropy of, the positive in column 0, in float32 ({@link Float32Island}).
     *
     * @return {@code [B, 1 + K]} in the current scope
     * @see #loss
     */
    public static Tensor logits(Tensor queries, Tensor positiveKeys, Tensor negatives, double temperature) {
        checkShapes(queries, positiveKeys, negatives);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the InfoNCE temperature must be > 0, got " + temperature);
        }
        try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(queries)) {
            Tensor q = island.input(queries);
            Tensor positive = q.mul(island.input(positiveKeys)).sum(1, true);
            Tensor negative = q.mm(island.input(negatives).t());
            return inner.keepInParent(Tensor.cat(List.of(positive, negative), 1).div(temperature));
        }
    }

    private static void checkShapes(Tensor queries, Tensor positiveKeys, Tensor negatives) {
        long[] q = queries.shape();
        long[] k = positiveKeys.shape();
        long[] n = negatives.shape();
        if (q.length != 2 || !Arrays.equals(q, k) || n.length != 2 || n[1] != q[1]) {
            throw new IllegalArgumentException("InfoNCE needs queries [B, D], positive keys [B, D] and negatives [K, D];"
                    + " got " + Arrays.toString(q) + ", " + Arrays.toString(k) + " and " + Arrays.toString(n));
        }
        Device device = queries.device();
        if (!positiveKeys.device().equals(device) || !negatives.device().equals(device)) {
            throw new IllegalArgumentException("InfoNCE's queries, keys and negatives must be on one device; got "
                    + device + ", " + positiveKeys.device() + " and " + negatives.device());
        }
    }
}
