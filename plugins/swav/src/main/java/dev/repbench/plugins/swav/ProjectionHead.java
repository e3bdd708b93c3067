package dev.repbench.plugins.swav;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.BatchNorm2d;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;

/**
 * SwAV's projection: {@code Linear(D, hidden) → BatchNorm → ReLU → Linear(hidden, features)}, then L2
 * normalisation, so the prototype scores are cosine similarities. Entries are named as the reference's
 * {@code projection_head} ({@code 0.weight}, {@code 1.running_mean}, {@code 3.weight}, …).
 */
final class ProjectionHead extends Layer {
    private final Linear hidden;
    // aten::batch_norm normalises [N, C] per channel just as BatchNorm1d does; the native layer has only the 2-d class.
    private final BatchNorm2d norm;
    private final Linear output;

    ProjectionHead(long inputDim, long hiddenDim, long featureDim) {
        hidden = registerModule("0", new Linear(inputDim, hiddenDim));
        norm = registerModule("1", new BatchNorm2d(hiddenDim));
        // "2" is the ReLU, which has no state.
        output = registerModule("3", new Linear(hiddenDim, featureDim));
    }

    /** @return the unit-norm features {@code [N, features]} of embeddings {@code [N, D]} */
    @Override
    public Tensor forward(Tensor embeddings) {
        try (Scope inner = Scope.open()) {
            Tensor activated = Functional.reluInPlace(norm.forward(hidden.forward(embeddings)));
            return inner.keepInParent(Functional.normalize(output.forward(activated), 1));
        }
    }
}
