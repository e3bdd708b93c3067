package dev.repbench.plugins.kit.train;

import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.torch.nn.ResNet;

/** Builds the encoder a run trains, for its {@link EncoderArchitecture}, without a classifier. */
public final class Backbones {
    private Backbones() {
    }

    /** @return a freshly initialised backbone of {@code architecture} (call after libtorch is seeded) */
    public static ResNet of(EncoderArchitecture architecture) {
        return switch (architecture) {
            case RESNET18 -> ResNet.resnet18();
            case RESNET50 -> ResNet.resnet50();
            case RESNET18_SMALL -> ResNet.resnet18Small();
        };
    }
}
