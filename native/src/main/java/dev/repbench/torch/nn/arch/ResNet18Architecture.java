package dev.repbench.torch.nn.arch;

import dev.repbench.torch.nn.ResNet;

/** {@code resnet18}: {@link ResNet#resnet18(long)}. */
public final class ResNet18Architecture extends ResNetArchitecture {
    /**
     * GMACs of a forward pass at 224²: torchvision's published figure for resnet18 (its model table's "GFLOPS",
     * which counts multiply-accumulates, the 1000-class fc included). The layer shapes give 1.814 in closed form
     * ({@code ForwardGmacsTest}).
     */
    static final double FORWARD_GMACS = 1.81;
    /** Its 7×7 stride-2 stem at 224²: 112² outputs × 64 channels × 3·7·7 inputs each. */
    static final double STEM_GMACS = 112.0 * 112 * 64 * 3 * 49 / 1e9;

    /** For {@link java.util.ServiceLoader}. */
    public ResNet18Architecture() {
        super("resnet18", "torchvision ResNet-18: 7×7 stem and max-pool, basic blocks, 512-d embedding", ResNet.BlockKind.BASIC, false, FORWARD_GMACS, ResNet::resnet18);
    }
}
