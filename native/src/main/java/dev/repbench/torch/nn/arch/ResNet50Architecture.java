package dev.repbench.torch.nn.arch;

import dev.repbench.torch.nn.ResNet;

/** {@code resnet50}: {@link ResNet#resnet50(long)}. */
public final class ResNet50Architecture extends ResNetArchitecture {
    /**
     * GMACs of a forward pass at 224²: torchvision's published figure for resnet50 (its model table's "GFLOPS",
     * which counts multiply-accumulates, the 1000-class fc included). The layer shapes give 4.089 in closed form
     * ({@code ForwardGmacsTest}).
     */
    static final double FORWARD_GMACS = 4.09;

    /** For {@link java.util.ServiceLoader}. */
    public ResNet50Architecture() {
        super("resnet50", "torchvision ResNet-50, the study's encoder: 7×7 stem and max-pool, bottlenecks, 2048-d embedding", ResNet.BlockKind.BOTTLENECK, false, FORWARD_GMACS, ResNet::resnet50);
    }
}
