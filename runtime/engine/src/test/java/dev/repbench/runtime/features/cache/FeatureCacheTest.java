package dev.repbench.runtime.features.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.features.Python;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    @TempDir
    Path temp;

    private static final Map<String, Object> PREPROCESSING = Map.of("resize", "bilinear", "inputSize", List.of(32, 32));

    private static CacheKey key(String output, FeatureDtype dtype, int samples) {
        return new CacheKey("ab".repeat(32), "fashion-mnist", "cd".repeat(32), Split.TRAIN, samples, PREPROCESSING, output, dtype);
    }

    /** Values with some that float16 rounds, overflows, or flushes to zero. */
    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.37) * (i % 7 == 0 ? 1000 : 1) / 3f;
        }
        v[1] = 65504f;   // the largest float16
        v[2] = 70000f;   // float16 infinity
        v[3] = 1e-8f;    // below float16's smallest subnormal: 0
        v[4] = 6e-6f;    // a float16 subnormal
        v[5] = 1f / 3;   // rounded to nearest even
        return v;
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(0, values);
        return b;
    }

    /** Writes an entry of {@code rows} × 2 × 3 in two batches, as the extractor does. */
    private static Path writeEntry(FeatureCache cache, CacheKey key, float[] values) {
        try (CacheEntryWriter writer = cache.create(key, List.of(2L, 3L))) {
            int rows = key.samples();
            int firstBatch = rows / 2;
            float[] head = java.util.Arrays.copyOfRange(values, 0, firstBatch * 6);
            float[] tail = java.util.Arrays.copyOfRange(values, firstBatch * 6, rows * 6);
            writer.writeRows(firstBatch, direct(tail), rows - firstBatch); // order of batches does not matter
            writer.writeRows(0, direct(head), firstBatch);
            return writer.commit();
        }
    }

    @Test
    void numpyLoadsBothDtypesAndFloat16RoundsAsNumpyDoes() throws Exception {
        FeatureCache cache = FeatureCache.open(temp.resolve("cache"));
        float[] values = values(7 * 6);
        Path f32 = writeEntry(cache, key("embedding", FeatureDtype.F32, 7), values);
        Path f16 = writeEntry(cache, key("embedding", FeatureDtype.F16, 7), values);
        String out = Python.run("""
                import sys, numpy as np
                a = np.load(sys.argv[1]); h = np.load(sys.argv[2])
                print(a.dtype.str, a.shape, a.flags['C_CONTIGUOUS'])
                print(h.dtype.str, h.shape)
                with np.errstate(over="ignore"):
                    print(np.array_equal(a.astype(np.float16).view(np.uint16), h.view(np.uint16)))
                print(repr(float(a.flat[5])), repr(float(h.flat[1])), repr(float(h.flat[2])), repr(float(h.flat[3])))
                """, f32.toString(), f16.toString());
        List<String> lines = out.lines().toList();
        assertEquals("<f4 (7, 2, 3) True", lines.get(0));
        assertEquals("<f2 (7, 2, 3)", lines.get(1));
        assertEquals("True", lines.get(2), "Float.floatToFloat16 rounds exactly as numpy's astype(float16)");
        assertEquals(Double.toString(values[5]), lines.get(3).split(" ")[0]);
        assertTrue(lines.get(3).endsWith("65504.0 inf 0.0"), lines.get(3));

        try (FeatureFile a = FeatureFile.open(f32); FeatureFile h = FeatureFile.open(f16)) {
            assertArrayEquals(new long[] {7, 2, 3}, a.shape());
            assertEquals(6, a.rowFloats());
            float[] all = new float[values.length];
            a.floatBuffer().get(all);
            assertArrayEquals(values, all);
            float[] row = new float[6];
            h.readRow(0, row);
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(values[5])), row[5]);
            assertEquals(Float.POSITIVE_INFINITY, h.get(2));
            assertThrows(IllegalStateException.class, h::floatBuffer);
        }
    }

    @Test
    void aSecondRequestHitsAndAnyKeyChangeMisses() {
        FeatureCache cache = FeatureCache.open(temp.resolve("cache"));
        CacheKey key = key("block5", FeatureDtype.F32, 4);
        assertTrue(cache.lookup(key).isEmpty());
        Path written = writeEntry(cache, key, values(24));
        assertEquals(written, cache.lookup(key).orElseThrow());
        assertEquals(written, FeatureCache.open(temp.resolve("cache")).lookup(key).orElseThrow(), "a new process reuses it");

        List<CacheKey> others = List.of(
                new CacheKey("ef".repeat(32), "fashion-mnist", "cd".repeat(32), Split.TRAIN, 4, PREPROCESSING, "block5", FeatureDtype.F32),
                new CacheKey("ab".repeat(32), "fashion-mnist", "00".repeat(32), Split.TRAIN, 4, PREPROCESSING, "block5", FeatureDtype.F32),
                new CacheKey("ab".repeat(32), "fashion-mnist", "cd".repeat(32), Split.TEST, 4, PREPROCESSING, "block5", FeatureDtype.F32),
                new CacheKey("ab".repeat(32), "fashion-mnist", "cd".repeat(32), Split.TRAIN, 4,
                        Map.of("resize", "bilinear", "inputSize", List.of(64, 64)), "block5", FeatureDtype.F32),
                key("block5", FeatureDtype.F32, 3),
                key("block4", FeatureDtype.F32, 4),
                key("block5", FeatureDtype.F16, 4));
        for (CacheKey other : others) {
            assertNotEquals(cache.entryFolder(key), cache.entryFolder(other), other.toString());
            assertTrue(cache.lookup(other).isEmpty(), other.toString());
        }
    }

    @Test
    void keyJsonDescribesTheKeyInClear() throws IOException {
        FeatureCache cache = FeatureCache.open(temp.resolve("cache"));
        CacheKey key = key("embedding", FeatureDtype.F16, 2);
        Path features = writeEntry(cache, key, values(12));
        assertEquals(cache.entryFolder(key), features.getParent());
        assertTrue(features.getParent().getFileName().toString().startsWith("embedding-f16-"));
        JsonNode json = new ObjectMapper().readTree(features.resolveSibling(FeatureCache.KEY_FILE).toFile());
        assertEquals("ab".repeat(32), json.get("encoderSha256").asText());
        assertEquals("train", json.get("split").asText());
        assertEquals(2, json.get("samples").asInt());
        assertEquals("f16", json.get("dtype").asText());
        assertEquals(32, json.get("preprocessing").get("inputSize").get(0).asInt());
    }

    @Test
    void anUncommittedWriterLeavesNothingAndLeftoversOfDeadWritersAreIgnoredAndCleaned() throws Exception {
        Path root = temp.resolve("cache");
        FeatureCache cache = FeatureCache.open(root);
        CacheKey key = key("embedding", FeatureDtype.F32, 4);
        try (CacheEntryWriter writer = cache.create(key, List.of(2L, 3L))) {
            writer.writeRows(0, direct(values(12)), 2);
            assertEquals(1, partials(root).size(), "written in a temporary folder");
            assertTrue(cache.lookup(key).isEmpty(), "invisible until committed");
        } // a crash before commit: closed without it
        assertEquals(0, partials(root).size());
        assertTrue(cache.lookup(key).isEmpty());

        // A temporary folder of a process that died (kill -9 leaves it), and one of a live process (this one).
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path abandoned = root.resolve(FeatureCache.PARTIAL_PREFIX + key.folderName() + "~" + FeatureCache.host() + "~"
                + dead.pid() + "~deadbeef");
        Path live = root.resolve(FeatureCache.PARTIAL_PREFIX + key.folderName() + "~" + FeatureCache.host() + "~"
                + ProcessHandle.current().pid() + "~cafebabe");
        for (Path p : List.of(abandoned, live)) {
            Files.createDirectories(p);
            Files.write(p.resolve(FeatureCache.FEATURES_FILE), new byte[] {(byte) 0x93, 'N', 'U'});
        }
        assertTrue(cache.lookup(key).isEmpty(), "a temporary folder is never an entry");
        FeatureCache.open(root);
        assertFalse(Files.exists(abandoned), "the dead writer's folder is removed");
        assertTrue(Files.exists(live), "a live writer's folder is left alone");
    }

    @Test
    void aDamagedEntryIsAMissAndIsRemoved() throws IOException {
        FeatureCache cache = FeatureCache.open(temp.resolve("cache"));
        CacheKey key = key("embedding", FeatureDtype.F32, 4);
        Path features = writeEntry(cache, key, values(24));
        byte[] bytes = Files.readAllBytes(features);
        Files.write(features, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertTrue(cache.lookup(key).isEmpty());
        assertFalse(Files.exists(features.getParent()));
        FeatureCacheException e = assertThrows(FeatureCacheException.class, () -> {
            Path bad = Files.write(temp.resolve("bad.npy"), java.util.Arrays.copyOf(bytes, bytes.length - 4));
            FeatureFile.open(bad).close();
        });
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void headersAreAlignedAndRoundTrip() {
        for (long[] shape : new long[][] {{5}, {3, 512}, {60000, 2048, 7, 7}}) {
            NpyHeader header = NpyHeader.of(FeatureDtype.F16, shape);
            byte[] bytes = header.encode();
            assertEquals(0, bytes.length % 64);
            assertEquals('\n', bytes[bytes.length - 1]);
            assertEquals(header, NpyHeader.decode(ByteBuffer.wrap(bytes)));
        }
        String text = new String(NpyHeader.of(FeatureDtype.F32, new long[] {5}).encode(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("'shape': (5,)"), text);
    }

    private static List<Path> partials(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(FeatureCache.PARTIAL_PREFIX)).toList();
        }
    }
}
