package dev.repbench.torch.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link OnnxExporter} writes besides the module's computation.
 *
 * @param includeLogits   also output a ResNet classifier's {@code logits} (a ResNet without one then fails to export)
 * @param producerVersion the RepBench version recorded as the model's producer version
 * @param metadata        string properties stored in the model (e.g. architecture, seed), in the order given: the
 *                        model's bytes, and so its hash, follow that order
 */
public record ExportOptions(boolean includeLogits, String producerVersion, Map<String, String> metadata) {
    public ExportOptions {
        Objects.requireNonNull(producerVersion, "producerVersion");
        // Not Map.copyOf: its iteration order changes from one JVM to the next, and the file's bytes with it.
        Map<String, String> copy = new LinkedHashMap<>();
        metadata.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "metadata key"),
                Objects.requireNonNull(value, "metadata value")));
        metadata = Collections.unmodifiableMap(copy);
    }

    /** No logits, no metadata, producer version {@code unknown}. */
    public static ExportOptions defaults() {
        return new ExportOptions(false, "unknown", Map.of());
    }

    public ExportOptions withLogits(boolean include) {
        return new ExportOptions(include, producerVersion, metadata);
    }

    public ExportOptions withProducerVersion(String version) {
        return new ExportOptions(includeLogits, version, metadata);
    }

    public ExportOptions withMetadata(Map<String, String> properties) {
        return new ExportOptions(includeLogits, producerVersion, properties);
    }
}
