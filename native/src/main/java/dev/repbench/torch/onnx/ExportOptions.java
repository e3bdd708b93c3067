package dev.repbench.torch.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@link OnnxExporter} writes besides the module's computation.
 *
 * @param includeLogits   also output a ResNet classifier's {@code logits} (a ResNet without one then fails to export)
 * @param producerVersion the RepBench version recorded as the model's producer version
 * @param metadata        string properties stored in the model (e.g. architecture, seed), kept in key order: the
 *                        model's bytes (and so its sha256) must not depend on a map's iteration order, which for
 *                        {@code Map.of} and {@code Map.copyOf} changes from JVM to JVM
 */
public record ExportOptions(boolean includeLogits, String producerVersion, Map<String, String> metadata) {
    public ExportOptions {
        Objects.requireNonNull(producerVersion, "producerVersion");
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
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
