package dev.repbench.runtime.features.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.repbench.api.Device;
import dev.repbench.runtime.encoder.LoadedEncoder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An ONNX Runtime session for one encoder file, opened by {@link OnnxEngine#open}. It runs batches through
 * {@link BatchRunner}s; closing it releases the native session (close the runners first).
 */
public final class EncoderSession implements AutoCloseable {
    private final LoadedEncoder encoder;
    private final OrtSession session;
    private final Device device;
    private final int threads;
    private final String inputName;
    private final long[] inputShape;

    EncoderSession(LoadedEncoder encoder, OrtSession session, Device device, int threads) {
        this.encoder = encoder;
        this.session = session;
        this.device = device;
        this.threads = threads;
        // EncoderFiles.read checked the contract: exactly one (non-initializer) image input.
        this.inputName = session.getInputNames().iterator().next();
        this.inputShape = readInputShape();
    }

    /** {@code [N, 3, H, W]}, -1 where a dimension is free. */
    private long[] readInputShape() {
        try {
            return ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
        } catch (OrtException e) {
            throw new SessionException("cannot read the input of " + encoder.onnxFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses, naming the fix, a size the model's export fixed otherwise; ONNX Runtime's own message names neither
     * the cause nor the fix.
     */
    void requireSize(int height, int width) {
        long fixedHeight = inputShape[2];
        long fixedWidth = inputShape[3];
        if ((fixedHeight > 0 && fixedHeight != height) || (fixedWidth > 0 && fixedWidth != width)) {
            String size = (fixedHeight > 0 ? fixedHeight : "H") + "x" + (fixedWidth > 0 ? fixedWidth : "W");
            throw new SessionException(encoder.onnxFile() + " takes " + size + " images only (its export fixed the size)"
                    + " and was given " + height + "x" + width + ": run it at its own size (eval --input-size encoder;"
                    + " cka --size " + (fixedHeight > 0 ? fixedHeight : fixedWidth) + ") or export it with free height and"
                    + " width", null);
        }
    }

    /** The encoder file this session runs. */
    public LoadedEncoder encoder() {
        return encoder;
    }

    /** The device it runs on. */
    public Device device() {
        return device;
    }

    /** Its intra-op thread count. */
    public int threads() {
        return threads;
    }

    /** The name of the model's image input. */
    public String inputName() {
        return inputName;
    }

    /**
     * The number of images every run must have, where the model's graph fixes its batch (an export at one image whose
     * graph depends on it: {@code InputAdapter}); -1 when any number runs. A {@link BatchRunner} honours it.
     */
    public int fixedBatch() {
        return inputShape[0] > 0 ? Math.toIntExact(inputShape[0]) : -1;
    }

    /** The model's outputs, in the graph's order. */
    public List<String> outputNames() {
        return List.copyOf(session.getOutputNames());
    }

    /**
     * A runner for batches of {@code batchSize} images of {@code height × width} (of {@link #fixedBatch} where the
     * model fixes its batch), fetching {@code outputs}.
     * Runs one probe image to learn the outputs' shapes at that size.
     *
     * @param inputSlots   how many input buffers to keep, so loaders can fill one while another runs (2: double buffering)
     * @param pinnedOutputs whether ONNX Runtime writes straight into pre-allocated output buffers (otherwise each
     *                      output is copied out of ONNX Runtime's own buffer once)
     * @throws IllegalArgumentException if an output is not one of the model's
     */
    public BatchRunner newBatchRunner(int batchSize, int height, int width, List<String> outputs, int inputSlots,
                                      boolean pinnedOutputs) {
        List<String> known = outputNames();
        for (String output : outputs) {
            if (!known.contains(output)) {
                throw new IllegalArgumentException(encoder.onnxFile() + " has no output '" + output + "'; it has " + known);
            }
        }
        return new BatchRunner(this, batchSize, height, width, outputs, inputSlots, pinnedOutputs);
    }

    /**
     * Runs the first {@code count} images of {@code images} (direct, native order, {@code count × 3 × H × W} floats)
     * once and copies each named output out whole, whatever its shape. For outputs whose size depends on the batch
     * as a whole, such as a batch's Gram matrix, which a {@link BatchRunner}'s per-image buffers cannot hold; meant
     * for small outputs, as each is copied into a new array.
     *
     * @return the values of each output in C order, in the order asked for
     */
    public Map<String, float[]> runWhole(FloatBuffer images, int count, int height, int width, List<String> outputs) {
        List<String> known = outputNames();
        for (String output : outputs) {
            if (!known.contains(output)) {
                throw new IllegalArgumentException(encoder.onnxFile() + " has no output '" + output + "'; it has " + known);
            }
        }
        requireSize(height, width);
        long[] shape = {count, 3, height, width};
        FloatBuffer slice = images.slice(0, Math.multiplyExact(count, 3 * height * width));
        try (OnnxTensor input = OnnxTensor.createTensor(OnnxEngine.environment(), slice, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input), new LinkedHashSet<>(outputs))) {
            Map<String, float[]> values = new LinkedHashMap<>();
            for (String output : outputs) {
                FloatBuffer buffer = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
                float[] copy = new float[buffer.remaining()];
                buffer.get(copy);
                values.put(output, copy);
            }
            return values;
        } catch (OrtException e) {
            throw new SessionException("ONNX Runtime failed on a batch of " + count + " images of "
                    + encoder.onnxFile() + ": " + e.getMessage(), e);
        }
    }

    OrtSession ort() {
        return session;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new SessionException("cannot close the ONNX Runtime session of " + encoder.onnxFile() + ": " + e.getMessage(), e);
        }
    }
}
