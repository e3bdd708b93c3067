package dev.repbench.runtime.analysis.cka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GramGraphTest {
    @TempDir
    static Path temp;
    static LoadedEncoder encoder;

    @BeforeAll
    static void export() {
        encoder = TestEncoders.resnet18Small(temp.resolve("enc"), 11);
    }

    private static LoadedEncoder gramEncoder(List<String> outputs) throws Exception {
        ModelProto gram = GramGraph.withGrams(ModelProto.parseFrom(encoder.modelBytes()), outputs);
        return new LoadedEncoder(encoder.onnxFile(), encoder.descriptorFile(), encoder.descriptor(), encoder.notes(), gram);
    }

    @Test
    void gramOutputsAreTheCentredFeaturesTimesTheirTranspose() throws Exception {
        int n = 8;
        int size = 32;
        SampleSource source = CkaFixtures.randomImages(n);
        FloatBuffer input = CkaFixtures.batch(source, encoder, 0, n, size);
        List<String> grams = CkaFixtures.ALL_OUTPUTS.stream().map(GramGraph::gramOutput).toList();
        Map<String, float[]> features;
        Map<String, float[]> computed;
        try (EncoderSession plain = OnnxEngine.open(encoder, Device.CPU, 2);
             EncoderSession withGrams = OnnxEngine.open(gramEncoder(CkaFixtures.ALL_OUTPUTS), Device.CPU, 2)) {
            assertEquals(grams, withGrams.outputNames(), "only the Gram outputs are left");
            features = plain.runWhole(input, n, size, size, CkaFixtures.ALL_OUTPUTS);
            computed = withGrams.runWhole(input, n, size, size, grams);
        }
        for (String output : CkaFixtures.ALL_OUTPUTS) {
            double[][] expected = CkaFixtures.gram(centred(features.get(output), n), n);
            float[] actual = computed.get(GramGraph.gramOutput(output));
            assertEquals(n * n, actual.length, output);
            double norm = 0;
            double error = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    norm += expected[i][j] * expected[i][j];
                    double diff = expected[i][j] - actual[i * n + j];
                    error += diff * diff;
                }
            }
            assertTrue(norm > 0, output);
            assertTrue(Math.sqrt(error / norm) < 1e-5, output + ": relative error " + Math.sqrt(error / norm));
        }
    }

    /** Each column of the flattened [n, d] features minus its mean over the batch, in float64 then float. */
    private static float[] centred(float[] values, int n) {
        int d = values.length / n;
        float[] out = new float[values.length];
        for (int c = 0; c < d; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += values[i * d + c];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                out[i * d + c] = (float) (values[i * d + c] - mean);
            }
        }
        return out;
    }

    @Test
    void anOutputTheModelLacksIsRejected() throws Exception {
        ModelProto model = ModelProto.parseFrom(encoder.modelBytes());
        var e = assertThrows(IllegalArgumentException.class, () -> GramGraph.withGrams(model, List.of("block9")));
        assertTrue(e.getMessage().contains("block9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GramGraph.withGrams(model, List.of()));
    }
}
