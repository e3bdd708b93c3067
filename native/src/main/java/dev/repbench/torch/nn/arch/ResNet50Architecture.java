package dev.repbench.torch.nn.arch;

import dev.repbench.torch.nn.ResNet;

/** {@code resnet50}: {@link ResNet#resnet50(long)}. */
public final class ResNet50Architecture extends ResNetArchitecture {
    /** For {@link java.util.ServiceLoader}. */
    public ResNet50Architecture() {
        super("resnet50", "torchvision ResNet-50, the study's encoder: 7×7 stem and max-pool, bottlenecks, 2048-d embedding", ResNet.BlockKind.BOTTLENECK, false, ResNet::resnet50);
    }
}
