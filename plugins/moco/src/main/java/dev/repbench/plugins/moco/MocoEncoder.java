package dev.repbench.plugins.moco;

import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;

/**
 * One of MoCo's two encoders: a backbone without classifier and the head that replaces its {@code fc}, a linear
 * layer (v1) or the kit's MLP {@code Linear, ReLU, Linear} without batch norm (v2), registered as {@code fc} as in
 * the reference implementation. Its output is L2-normalised.
 */
final class MocoEncoder extends Module {
    private final Backbone backbone;
    private final Layer head;

    MocoEncoder(Backbone backbone, Layer head) {
        this.backbone = registerModule("backbone", backbone);
        this.head = registerModule("fc", head);
    }

    /** A newly initialised head of the kind {@code settings} ask for, on an embedding {@code width} wide. */
    static Layer head(long width, MocoSettings settings) {
        long out = settings.projectionDim();
        return settings.mlpHead()
                ? new ProjectionHead(width, settings.projectorHiddenDim(), out, false)
                : new Linear(width, out);
    }

    Backbone backbone() {
        return backbone;
    }

    Layer head() {
        return head;
    }

    /**
     * @param images {@code [B, 3, H, W]}
     * @return the unit-length features {@code [B, feature-dim]}, in the current scope
     */
    Tensor encode(Tensor images) {
        try (Scope inner = Scope.open()) {
            Tensor features = head.forward(backbone.forwardEmbedding(images));
            return inner.keepInParent(Functional.normalize(features, 1));
        }
    }
}
