package dev.repbench.torch.nn.arch;

import dev.repbench.torch.nn.ResNet;

/** {@code resnet18-small}: {@link ResNet#resnet18Small(long)}. */
public final class ResNet18SmallArchitecture extends ResNetArchitecture {
    /** For {@link java.util.ServiceLoader}. */
    public ResNet18SmallArchitecture() {
        super("resnet18-small", "ResNet-18 for small images: 3×3 stride-1 stem, no max-pool, 512-d embedding", ResNet.BlockKind.BASIC, true, ResNet::resnet18Small);
    }
}
