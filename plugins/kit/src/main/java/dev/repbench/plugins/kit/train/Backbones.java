package dev.repbench.plugins.kit.train;

import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;

/**
 * Builds the encoder a run trains, for its {@link EncoderArchitecture}, without a classifier.
 *
 * @deprecated since 1.2: a {@link Method} builds its backbone from the {@link ArchitectureRegistry} (and
 *             {@link Method#newBackbone()} another one); kept for methods written before
 */
@Deprecated(since = "1.2")
public final class Backbones {
    private Backbones() {
    }

    /** @return a freshly initialised backbone of {@code architecture} (call after libtorch is seeded) */
    public static ResNet of(EncoderArchitecture architecture) {
        return (ResNet) ArchitectureRegistry.installed().get(architecture.id()).build();
    }
}
