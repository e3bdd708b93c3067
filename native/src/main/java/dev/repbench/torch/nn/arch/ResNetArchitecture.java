package dev.repbench.torch.nn.arch;

import dev.repbench.api.SpiVersion;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.ResNet;
import java.util.OptionalDouble;
import java.util.function.LongFunction;

/**
 * What the three built-in ResNets share: the layout is {@link ResNet}'s own arithmetic (no network is built for
 * it), the network one of its factories.
 */
abstract class ResNetArchitecture implements Architecture {
    /** The side torchvision's ImageNet ResNets are trained at. */
    static final int IMAGENET_SIDE = 224;
    /** The side the small-image variant is built for (CIFAR's, Fashion-MNIST's padded). */
    static final int SMALL_SIDE = 32;

    private final String name;
    private final String description;
    private final ArchitectureLayout layout;
    private final double forwardGmacs;
    private final LongFunction<ResNet> factory;

    /** @param forwardGmacs multiply-accumulates of a forward pass at the default side, in billions: see each subclass */
    ResNetArchitecture(String name, String description, ResNet.BlockKind kind, boolean smallImages, double forwardGmacs,
                       LongFunction<ResNet> factory) {
        this.name = name;
        this.forwardGmacs = forwardGmacs;
        this.description = description;
        this.layout = new ArchitectureLayout(smallImages ? SMALL_SIDE : IMAGENET_SIDE,
                ArchitectureLayout.blocks(ResNet.blockChannels(kind), ResNet.blockStrides(smallImages)),
                ResNet.embeddingDim(kind));
        this.factory = factory;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    /** Built with RepBench itself: the version of the api it was compiled against. */
    @Override
    public final SpiVersion spiVersion() {
        return SpiVersion.of(SpiVersion.MAJOR, SpiVersion.MINOR);
    }

    @Override
    public final ArchitectureLayout layout() {
        return layout;
    }

    @Override
    public final OptionalDouble forwardGmacs() {
        return OptionalDouble.of(forwardGmacs);
    }

    @Override
    public final Backbone build(long classes) {
        return factory.apply(classes);
    }

    @Override
    public String toString() {
        return name;
    }
}
