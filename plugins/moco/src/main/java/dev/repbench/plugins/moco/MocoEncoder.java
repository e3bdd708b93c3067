package dev.repbench.plugins.moco;

import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.train.Backbones;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;

/**
 * One of MoCo's two encoders: a ResNet without classifier and the head that replaces its {@code fc}, a linear
 * layer (v1) or the kit's MLP {@code Linear, ReLU, Linear} without batch norm (v2), registered as {@code fc} as in
 * the reference implementation. Its output is L2-normalised.
 */
final class MocoEncoder extends Module {
    private final ResNet backbone;
    private final Layer head;

    private MocoEncoder(ResNet backbone, Layer head) {
        this.backbone = registerModule("backbone", backbone);
        this.head = registerModule("fc", head);
    }

    /** A newly initialised encoder for {@code architecture} with the head {@code settings} ask for. */
    static MocoEncoder create(EncoderArchitecture architecture, MocoSettings settings) {
        ResNet backbone = Backbones.of(architecture);
        long width = backbone.embeddingDim();
        long out = settings.featureDimension();
        Layer head = settings.mlpHead()
                ? new ProjectionHead(width, settings.mlpHiddenDimension(), out, false)
                : new Linear(width, out);
        return new MocoEncoder(backbone, head);
    }

    ResNet backbone() {
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
