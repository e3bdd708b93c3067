package dev.repbench.torch.nn.arch;

import dev.repbench.torch.nn.ResNet;

/** {@code resnet18}: {@link ResNet#resnet18(long)}. */
public final class ResNet18Architecture extends ResNetArchitecture {
    /** For {@link java.util.ServiceLoader}. */
    public ResNet18Architecture() {
        super("resnet18", "torchvision ResNet-18: 7×7 stem and max-pool, basic blocks, 512-d embedding", ResNet.BlockKind.BASIC, false, ResNet::resnet18);
    }
}
