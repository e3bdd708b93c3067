package dev.repbench.plugins.kit.loss;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * SwAV's swapped prediction loss (Caron et al., 2020): the cluster assignment computed from one view must be
 * predicted from every other view of the same image.
 *
 * <p>With V views, scores {@code S_v [B, K]} (features against prototypes), temperature τ and assignments
 * {@code Q_a} for the first A views (SwAV assigns the two large crops only):
 * <pre>
 * P_v = softmax(S_v / τ) over the prototypes
 * loss = 1/A · Σ_a  1/(V−1) · Σ_{v≠a}  −1/B · Σ_b Σ_k  Q_a[b, k] · log P_v[b, k]
 * </pre>
 * Every view, the small crops included, predicts every assigned view but itself; the assignments are
 * targets and receive no gradient. Computed in float32 whatever the step's precision ({@link Float32Island}).
 */
public final class SwappedPrediction {

    private SwappedPrediction() {
    }

    /**
     * @param scores      each view's prototype scores {@code [B, K]}, in view order, at least 2 views
     * @param assignments the targets {@code [B, K]} of views {@code 0 … A−1} (e.g. from {@link Sinkhorn}),
     *                    {@code 1 ≤ A ≤ V}; detached before use
     * @param temperature τ, SwAV's 0.1
     * @return the loss, a scalar with a graph to the scores, in the current scope
     */
    public static Tensor loss(List<Tensor> scores, List<Tensor> assignments, double temperature) {
        int views = scores.size();
        int assigned = assignments.size();
        if (views < 2) {
            throw new IllegalArgumentException("swapped prediction needs at least 2 views, got " + views);
        }
        if (assigned < 1 || assigned > views) {
            throw new IllegalArgumentException("swapped prediction needs between 1 and " + views
                    + " assigned views (the first ones), got " + assigned);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be a positive number, got " + temperature);
        }
        long[] shape = scores.getFirst().shape();
        checkShapes("scores", scores, shape);
        checkShapes("assignments", assignments, shape);

        try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(scores.getFirst())) {
            List<Tensor> logProbabilities = scores.stream().map(s -> island.input(s).div(temperature).logSoftmax(1)).toList();
            Tensor total = null;
            for (int a = 0; a < assigned; a++) {
                Tensor target = island.input(assignments.get(a).detach());
                for (int v = 0; v < views; v++) {
                    if (v == a) {
                        continue;
                    }
                    // −mean over the batch of Σ_k q log p; the sign and the averages are applied once at the end.
                    Tensor crossEntropy = target.mul(logProbabilities.get(v)).sum(1, false).mean();
                    total = total == null ? crossEntropy : total.add(crossEntropy);
                }
            }
            return inner.keepInParent(total.div(-(double) assigned * (views - 1)));
        }
    }

    private static void checkShapes(String what, List<Tensor> tensors, long[] shape) {
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.ndim() != 2 || !Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException("swapped prediction: " + what + " " + i + " is " + t.describe()
                        + " where every view's [batch, prototypes] is " + Arrays.toString(shape));
            }
        }
    }
}
