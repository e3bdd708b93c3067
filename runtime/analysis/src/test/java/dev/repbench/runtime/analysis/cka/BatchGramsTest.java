package dev.repbench.runtime.analysis.cka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.features.session.OnnxEngine;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways to a batch's Grams agree: in the graph (ONNX Runtime, float32) and by chunks of a fixed batch (the
 * outputs fetched a few images at a time, centred and multiplied in Java, float64), as for a model whose export
 * fixed its batch.
 */
class BatchGramsTest {
    @TempDir
    Path temp;

    /** Column means [3, 5]: centred rows [−2, −3], [0, −1], [2, 4], and their products. */
    @Test
    void theCentredGramOfAFewRowsIsTheirProductsAfterTheMeansAreTakenOff() {
        float[] gram = BatchGrams.centredGram(new float[][] {{1, 2}, {3, 4}, {5, 9}});
        assertArrayEquals(new float[] {13, 3, -16, 3, 1, -4, -16, -4, 20}, gram, 1e-6f);
    }

    @Test
    void gramsByChunksOfAFixedBatchAreTheGraphsGrams() throws Exception {
        LoadedEncoder encoder = TestEncoders.resnet18Small(temp.resolve("enc"), 5);
        int n = 8;
        int size = 32;
        SampleSource source = CkaFixtures.randomImages(n);
        FloatBuffer input = CkaFixtures.batch(source, encoder, 0, n, size);
        Map<String, float[]> inGraph;
        Map<String, float[]> byChunk;
        try (BatchGrams graph = BatchGrams.open(encoder, CkaFixtures.ALL_OUTPUTS, n, Device.CPU, 2);
             BatchGrams chunks = new BatchGrams.ByChunk(OnnxEngine.open(encoder, Device.CPU, 2), CkaFixtures.ALL_OUTPUTS, 2)) {
            assertTrue(graph instanceof BatchGrams.InGraph, "a free batch computes its Grams in the graph");
            inGraph = graph.grams(input, n, size);
            byChunk = chunks.grams(input, n, size);
        }
        assertEquals(inGraph.keySet(), byChunk.keySet());
        for (String gram : inGraph.keySet()) {
            float[] expected = inGraph.get(gram);
            float[] actual = byChunk.get(gram);
            double largest = 0;
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                largest = Math.max(largest, Math.abs(expected[i]));
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(worst <= 1e-4 * largest, gram + ": by chunks differs by " + worst + " of " + largest);
        }
    }
}
