package dev.repbench.runtime.analysis.cka;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.api.Device;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.encoder.onnx.ImageInput;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.features.session.SessionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One encoder's column-centred linear Gram per output for a batch of n images, keyed by
 * {@link GramGraph#gramOutput}. Two ways: in the graph ({@link GramGraph}: only n × n floats per output leave
 * ONNX Runtime), or, for a model whose graph fixes its batch at B (an export at one image that import could not
 * free), the plain outputs of n / B runs of B images centred and multiplied in Java, in double.
 */
abstract sealed class BatchGrams implements AutoCloseable {
    protected final EncoderSession session;

    private BatchGrams(EncoderSession session) {
        this.session = session;
    }

    /**
     * Opens {@code encoder}'s session for batches of {@code n}: in-graph Grams, unless its model fixes its batch.
     *
     * @throws SessionException if the model fixes a batch that does not divide n
     */
    static BatchGrams open(LoadedEncoder encoder, List<String> outputs, int n, Device device, int threads) {
        ModelProto model = model(encoder);
        long fixed = ImageInput.of(model, encoder.onnxFile()).fixedBatch();
        if (fixed <= 0 || fixed == n) {
            LoadedEncoder withGrams = new LoadedEncoder(encoder.onnxFile(), encoder.descriptorFile(), encoder.descriptor(),
                    encoder.notes(), GramGraph.withGrams(model, outputs));
            return new InGraph(OnnxEngine.open(withGrams, device, threads), outputs);
        }
        if (n % fixed != 0) {
            throw new SessionException(encoder.onnxFile() + " takes batches of exactly " + fixed + " image"
                    + (fixed == 1 ? "" : "s") + " (its graph depends on the batch its export fixed), and minibatch CKA's"
                    + " batch of " + n + " is not a multiple of it: pass a --batch that is, or re-export it with a free"
                    + " batch dimension (PyTorch: torch.onnx.export(…, dynamic_axes={'<input>': {0: 'N'}}))", null);
        }
        return new ByChunk(OnnxEngine.open(encoder, device, threads), outputs, Math.toIntExact(fixed));
    }

    /** The Grams of the first {@code n} images of {@code images} at {@code size × size}, n × n floats each. */
    abstract Map<String, float[]> grams(FloatBuffer images, int n, int size);

    @Override
    public void close() {
        session.close();
    }

    private static ModelProto model(LoadedEncoder encoder) {
        try {
            return encoder.completedModel() != null ? encoder.completedModel() : ModelProto.parseFrom(encoder.modelBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + encoder.onnxFile() + ": " + e.getMessage(), e);
        }
    }

    /** Grams computed by ONNX Runtime in the Gram-augmented graph. */
    static final class InGraph extends BatchGrams {
        private final List<String> grams;

        InGraph(EncoderSession session, List<String> outputs) {
            super(session);
            this.grams = outputs.stream().map(GramGraph::gramOutput).toList();
        }

        @Override
        Map<String, float[]> grams(FloatBuffer images, int n, int size) {
            return session.runWhole(images, n, size, size, grams);
        }
    }

    /** Grams of outputs fetched a fixed batch at a time, centred over the n images and multiplied in Java. */
    static final class ByChunk extends BatchGrams {
        private final List<String> outputs;
        private final int chunk;

        ByChunk(EncoderSession session, List<String> outputs, int chunk) {
            super(session);
            this.outputs = List.copyOf(outputs);
            this.chunk = chunk;
        }

        @Override
        Map<String, float[]> grams(FloatBuffer images, int n, int size) {
            int imageFloats = 3 * size * size;
            Map<String, float[][]> rows = new LinkedHashMap<>();
            for (int first = 0; first < n; first += chunk) {
                Map<String, float[]> values = session.runWhole(images.slice(first * imageFloats, chunk * imageFloats),
                        chunk, size, size, outputs);
                for (String output : outputs) {
                    float[] v = values.get(output);
                    int width = v.length / chunk;
                    float[][] all = rows.computeIfAbsent(output, o -> new float[n][]);
                    for (int i = 0; i < chunk; i++) {
                        all[first + i] = java.util.Arrays.copyOfRange(v, i * width, (i + 1) * width);
                    }
                }
            }
            Map<String, float[]> grams = new LinkedHashMap<>();
            rows.forEach((output, features) -> grams.put(GramGraph.gramOutput(output), centredGram(features)));
            return grams;
        }
    }

    /**
     * {@code C · Cᵀ} for the rows of {@code features} with each column's mean over the rows subtracted, as the
     * Gram graph computes it, accumulated in double; n × n floats, row-major.
     */
    static float[] centredGram(float[][] features) {
        int n = features.length;
        int d = features[0].length;
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                rows[i][k] = features[i][k];
            }
        }
        double[][] centred = Matrices.centreColumns(rows);
        float[] gram = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += centred[i][k] * centred[j][k];
                }
                gram[i * n + j] = (float) sum;
                gram[j * n + i] = (float) sum;
            }
        }
        return gram;
    }
}
