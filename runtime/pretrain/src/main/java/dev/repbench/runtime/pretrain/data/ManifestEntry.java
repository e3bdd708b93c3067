package dev.repbench.runtime.pretrain.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One training image in a manifest.
 *
 * @param source the source's name ({@code fashion-mnist}, {@code task:NAME}, {@code folder:NAME})
 * @param item   the image within it: an index, or a path relative to the folder
 * @param label  its class, or null if the training set is unlabelled
 * @param sha256 the hash of its file bytes or decoded 8-bit pixels
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(String source, String item, Integer label, String sha256) {
    public ManifestEntry {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The entry's line in the canonical listing the manifest hash is computed over. */
    String canonicalLine() {
        return source + '\t' + item + '\t' + (label == null ? "-" : label) + '\t' + sha256 + '\n';
    }
}
