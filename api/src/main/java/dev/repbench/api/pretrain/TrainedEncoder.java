package dev.repbench.api.pretrain;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The result of pretraining, described without any tensor type: which architecture, where its
 * weights are, and how they came about. RepBench rebuilds the architecture, loads the checkpoint
 * and exports it to ONNX with the encoder outputs the evaluation needs.
 *
 * @param architecture the network the checkpoint belongs to
 * @param checkpoint   a file written by PyTorch's {@code torch.save} (or the native layer's
 *                     equivalent) holding a dict from torchvision ResNet parameter and buffer
 *                     names ({@code conv1.weight}, {@code layer1.0.bn1.running_mean}, ...) to
 *                     tensors; projection heads and the {@code fc} layer may be present and are ignored
 * @param provenance   free-form facts worth recording, e.g. {@code final-loss}, {@code queue-size};
 *                     RepBench adds algorithm, dataset, epochs, seed and hashes itself
 */
public record TrainedEncoder(EncoderArchitecture architecture, Path checkpoint, Map<String, String> provenance) {

    /**
     * @throws NullPointerException if a component, or a provenance key or value, is null
     */
    public TrainedEncoder {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(checkpoint, "checkpoint");
        provenance = Map.copyOf(provenance);
    }
}
