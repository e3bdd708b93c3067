package dev.repbench.api.pretrain;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The three encoder architectures RepBench shipped with before it had an architecture registry. All use
 * torchvision's ResNet parameter names, classification layer removed.
 *
 * @deprecated since 1.2: architectures are named by a string ({@link PretrainingContext#architectureName()},
 *             {@link TrainedEncoder#architectureName()}) and described by the registry in the native torch layer
 *             ({@code dev.repbench.torch.nn.arch.ArchitectureRegistry}), where plugins add their own. The ids here
 *             stay valid names there.
 */
@Deprecated(since = "1.2")
public enum EncoderArchitecture {
    /** torchvision ResNet-18, 512-d embedding. */
    RESNET18("resnet18"),
    /** torchvision ResNet-50, 2048-d embedding: the study's architecture. */
    RESNET50("resnet50"),
    /** ResNet-18 adapted to the embedded battery's small images; its exact layers are defined by the native ResNet builder. */
    RESNET18_SMALL("resnet18-small");

    private final String id;

    EncoderArchitecture(String id) {
        this.id = id;
    }

    /** @return the id used in configs, records and {@code encoder.json}, e.g. {@code resnet50} */
    public String id() {
        return id;
    }

    /**
     * @param id an id as returned by {@link #id()}
     * @return the architecture
     * @throws IllegalArgumentException listing the known ids
     */
    public static EncoderArchitecture fromId(String id) {
        Objects.requireNonNull(id, "id");
        for (EncoderArchitecture a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown encoder architecture '" + id + "'; known: "
                + Arrays.stream(values()).map(EncoderArchitecture::id).collect(Collectors.joining(", ")));
    }
}
