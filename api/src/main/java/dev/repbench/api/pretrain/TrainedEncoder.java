package dev.repbench.api.pretrain;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The result of pretraining, described without any tensor type: which architecture, where its
 * weights are, and how they came about. RepBench rebuilds the architecture, loads the checkpoint
 * and exports it to ONNX with the encoder outputs the evaluation needs.
 *
 * @param architectureName the network the checkpoint belongs to, by its name in RepBench's architecture registry
 *                         ({@code resnet18-small}, or one a plugin registered); since 1.2
 * @param checkpoint       a file written by PyTorch's {@code torch.save} (or the native layer's
 *                         equivalent) holding a dict from the architecture's parameter and buffer
 *                         names (torchvision's for the ResNets: {@code conv1.weight}, {@code layer1.0.bn1.running_mean},
 *                         ...) to tensors; projection heads and the {@code fc} layer may be present and are ignored
 * @param provenance       free-form facts worth recording, e.g. {@code final-loss}, {@code queue-size};
 *                         RepBench adds algorithm, dataset, epochs, seed and hashes itself
 */
public record TrainedEncoder(String architectureName, Path checkpoint, Map<String, String> provenance) {

    /**
     * @throws NullPointerException if a component, or a provenance key or value, is null
     */
    public TrainedEncoder {
        Objects.requireNonNull(architectureName, "architectureName");
        Objects.requireNonNull(checkpoint, "checkpoint");
        provenance = Map.copyOf(provenance);
    }

    /**
     * @param architecture the network the checkpoint belongs to
     * @param checkpoint   see the record
     * @param provenance   see the record
     * @deprecated since 1.2: name the architecture, {@link #TrainedEncoder(String, Path, Map)}
     */
    @Deprecated(since = "1.2")
    public TrainedEncoder(EncoderArchitecture architecture, Path checkpoint, Map<String, String> provenance) {
        this(Objects.requireNonNull(architecture, "architecture").id(), checkpoint, provenance);
    }

    /**
     * @return the architecture, when it is one of the enum's
     * @throws IllegalArgumentException listing the enum's ids when {@link #architectureName()} is another
     * @deprecated since 1.2: use {@link #architectureName()}
     */
    @Deprecated(since = "1.2")
    public EncoderArchitecture architecture() {
        return EncoderArchitecture.fromId(architectureName);
    }
}
