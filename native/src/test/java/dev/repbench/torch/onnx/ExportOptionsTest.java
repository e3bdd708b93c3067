package dev.repbench.torch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metadata written into a model comes out in key order, whatever map it was given in: {@code Map.of} and
 * {@code Map.copyOf} iterate in an order that changes from JVM to JVM, which made the same encoder exported in two
 * processes differ in its bytes and sha256.
 */
class ExportOptionsTest {
    @Test
    void metadataIsKeptInKeyOrder() {
        Map<String, String> given = new HashMap<>();
        for (String key : List.of("repbench.seed", "repbench.architecture", "repbench.algorithm", "b", "a")) {
            given.put(key, key.toUpperCase());
        }
        List<String> expected = List.of("a", "b", "repbench.algorithm", "repbench.architecture", "repbench.seed");
        assertEquals(expected, List.copyOf(new ExportOptions(false, "v", given).metadata().keySet()));
        assertEquals(expected, List.copyOf(ExportOptions.defaults().withMetadata(Map.copyOf(given)).metadata().keySet()));
    }
}
