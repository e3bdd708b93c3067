package dev.repbench.runtime.features.cache;

import dev.repbench.runtime.io.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.repbench.api.data.Split;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines one cached feature array: features are reused only when all of it is equal.
 *
 * @param encoderSha256         the sha256 of the ONNX file
 * @param dataset               the dataset's name, for people reading {@code key.json}
 * @param datasetManifestHash   the dataset's manifest hash ({@link dev.repbench.api.data.TaskDataset#manifestHash})
 * @param split                 the split
 * @param samples               how many samples, from index 0 (a {@code --limit} gives another entry)
 * @param preprocessing         the preprocessing's description (resize method, size, mean, std, value range)
 * @param output                the encoder output
 * @param dtype                 how the values are stored
 */
public record CacheKey(String encoderSha256, String dataset, String datasetManifestHash, Split split, int samples,
                       Map<String, Object> preprocessing, String output, FeatureDtype dtype) {
    /** Bumped when the layout of entries changes, so older entries are not mistaken for new ones. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public CacheKey {
        Objects.requireNonNull(encoderSha256, "encoderSha256");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(datasetManifestHash, "datasetManifestHash");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(dtype, "dtype");
        preprocessing = Map.copyOf(preprocessing);
        if (samples < 1) {
            throw new IllegalArgumentException("a cache entry holds 1 or more samples, got " + samples);
        }
        if (!output.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("output name '" + output + "' cannot name a cache folder");
        }
    }

    /** The key in clear, as {@code key.json} records it. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("formatVersion", FORMAT_VERSION);
        d.put("encoderSha256", encoderSha256.toLowerCase(Locale.ROOT));
        d.put("dataset", dataset);
        d.put("datasetManifestHash", datasetManifestHash);
        d.put("split", split.name().toLowerCase(Locale.ROOT));
        d.put("samples", samples);
        d.put("preprocessing", preprocessing);
        d.put("output", output);
        d.put("dtype", dtype.label());
        return d;
    }

    /** The sha256 of the key's canonical JSON (keys sorted, no spaces). */
    public String sha256() {
        try {
            return Sha256.of(CANONICAL.writeValueAsString(describe()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cache key is plain JSON", e);
        }
    }

    /** The entry's folder name: readable prefix, then the first 32 hex digits of the key's hash. */
    public String folderName() {
        return output + "-" + dtype.label() + "-" + sha256().substring(0, 32);
    }
}
