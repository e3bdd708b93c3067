package dev.repbench.torch.nn.arch;

import dev.repbench.torch.nn.ResNet;

/** {@code resnet18-small}: {@link ResNet#resnet18Small(long)}. */
public final class ResNet18SmallArchitecture extends ResNetArchitecture {
    /**
     * GMACs of a forward pass at 32², in closed form from ResNet-18's published figure: without the 7×7 stride-2
     * stem and the max-pool, its four stages see the whole 32² where torchvision's see 224²/4, so they do (4·32/224)²
     * of their work at 224²; plus the 3×3 stride-1 stem, 32² outputs × 64 channels × 3·3·3 inputs each. The layer
     * shapes give 0.556 ({@code ForwardGmacsTest}), the published figure's rounding apart.
     */
    static final double FORWARD_GMACS = (ResNet18Architecture.FORWARD_GMACS - ResNet18Architecture.STEM_GMACS)
            * (4.0 * SMALL_SIDE / IMAGENET_SIDE) * (4.0 * SMALL_SIDE / IMAGENET_SIDE)
            + SMALL_SIDE * (double) SMALL_SIDE * 64 * 27 / 1e9;

    /** For {@link java.util.ServiceLoader}. */
    public ResNet18SmallArchitecture() {
        super("resnet18-small", "ResNet-18 for small images: 3×3 stride-1 stem, no max-pool, 512-d embedding", ResNet.BlockKind.BASIC, true, FORWARD_GMACS, ResNet::resnet18Small);
    }
}
