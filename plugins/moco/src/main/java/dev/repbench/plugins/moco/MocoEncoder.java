package dev.repbench.plugins.moco;

import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.Sequential;

/**
 * One of MoCo's two encoders: a ResNet without classifier and the head that replaces its {@code fc}, a linear
 * layer (v1) or an MLP {@code Linear, ReLU, Linear} (v2), named {@code fc} and {@code fc.0}/{@code fc.2} as in the
 * reference implementation. Its output is L2-normalised.
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
        ResNet backbone = switch (architecture) {
            case RESNET18 -> ResNet.resnet18();
            case RESNET50 -> ResNet.resnet50();
            case RESNET18_SMALL -> ResNet.resnet18Small();
        };
        long width = backbone.embeddingDim();
        long out = settings.featureDimension();
        Layer head = settings.mlpHead()
                ? new Sequential(new Linear(width, settings.mlpHiddenDimension()), new Relu(),
                        new Linear(settings.mlpHiddenDimension(), out))
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
