package dev.repbench.plugins.swav;

import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.torch.nn.ResNet;

/** The classifier-free ResNet for each architecture RepBench exports. */
final class Backbones {
    private Backbones() {
    }

    static ResNet create(EncoderArchitecture architecture) {
        return switch (architecture) {
            case RESNET18 -> ResNet.resnet18();
            case RESNET50 -> ResNet.resnet50();
            case RESNET18_SMALL -> ResNet.resnet18Small();
        };
    }
}
