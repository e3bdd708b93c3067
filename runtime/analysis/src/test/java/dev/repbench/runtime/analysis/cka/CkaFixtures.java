package dev.repbench.runtime.analysis.cka;

import dev.repbench.api.Device;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test images and the reference CKA path: wide outputs fetched into Java, flattened, Grams in float64. */
final class CkaFixtures {
    static final List<String> ALL_OUTPUTS = List.of("block1", "block2", "block3", "block4", "block5", "embedding");

    private CkaFixtures() {
    }

    /** {@code count} seeded random 3 × 20 × 20 colour images, each the same whenever asked for. */
    static SampleSource randomImages(int count) {
        return new SampleSource() {
            @Override
            public int size() {
                return count;
            }

            @Override
            public Sample get(int index) {
                SplittableRandom random = new SplittableRandom(1000 + index);
                float[] pixels = new float[3 * 20 * 20];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = (float) random.nextDouble();
                }
                return Sample.of(new Image(3, 20, 20, pixels), Unlabelled.INSTANCE);
            }
        };
    }

    /** Preprocesses images {@code first … first+n−1} at {@code size × size} into a direct buffer. */
    static FloatBuffer batch(SampleSource source, LoadedEncoder encoder, int first, int n, int size) {
        var p = encoder.descriptor().preprocessing();
        Preprocessor pre = new Preprocessor(size, size, p.mean(), p.std(), p.valueRange());
        FloatBuffer buffer = ByteBuffer.allocateDirect(n * pre.imageFloats() * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int i = 0; i < n; i++) {
            pre.pack(source.get(first + i).image(), buffer, i * pre.imageFloats());
        }
        return buffer;
    }

    /** The uncentred linear Gram F·Fᵀ in float64 of {@code n} flattened rows. */
    static double[][] gram(float[] values, int n) {
        int d = values.length / n;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int c = 0; c < d; c++) {
                    sum += (double) values[i * d + c] * values[j * d + c];
                }
                k[i][j] = sum;
                k[j][i] = sum;
            }
        }
        return k;
    }

    /** Reference minibatch CKA: the original model's outputs, flattened in Java, the same full batches. */
    static CkaMatrix reference(SampleSource source, List<LoadedEncoder> encoders, List<String> outputs, int images,
                               int n, int size) {
        CkaMatrixAccumulator matrix = encoders.size() == 1 ? CkaMatrixAccumulator.within(outputs)
                : CkaMatrixAccumulator.between(outputs, outputs);
        List<EncoderSession> sessions = new ArrayList<>();
        try {
            for (LoadedEncoder e : encoders) {
                sessions.add(OnnxEngine.open(e, Device.CPU, 2));
            }
            for (int first = 0; first + n <= images; first += n) {
                List<List<double[][]>> grams = new ArrayList<>();
                for (int e = 0; e < encoders.size(); e++) {
                    FloatBuffer input = batch(source, encoders.get(e), first, n, size);
                    Map<String, float[]> values = sessions.get(e).runWhole(input, n, size, size, outputs);
                    grams.add(outputs.stream().map(o -> gram(values.get(o), n)).toList());
                }
                if (grams.size() == 1) {
                    matrix.add(grams.get(0));
                } else {
                    matrix.add(grams.get(0), grams.get(1));
                }
            }
        } finally {
            sessions.forEach(EncoderSession::close);
        }
        return matrix.value();
    }
}
