package dev.repbench.runtime.features.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs fixed-size batches of one encoder session from reused input buffers into reused output buffers.
 *
 * <p>Inputs: {@code inputSlots} direct, native-order buffers of {@code batchSize × 3 × H × W} floats, each wrapped
 * once in an {@link OnnxTensor} without copying; loaders fill one slot (absolute puts, any thread) while another
 * runs. Outputs: one buffer per output; when pinned, ONNX Runtime writes into it directly through
 * {@code OrtSession.run(inputs, pinnedOutputs)}, otherwise each output is copied into it once. A last, smaller
 * batch runs through temporary tensors over the first rows of the same buffers, except for a model whose graph fixes
 * its batch ({@link EncoderSession#fixedBatch}): its batches have exactly that many images, whatever size was asked
 * for, and a smaller one runs whole, the rows past it ignored.
 *
 * <p>All memory comes from one shared arena freed on {@link #close}; the runner is driven by one thread.
 */
public final class BatchRunner implements AutoCloseable {
    private final EncoderSession owner;
    private final OrtSession session;
    private final OrtEnvironment env;
    private final int batchSize;
    private final boolean fixedBatch;
    private final long[] imageShape;
    private final int imageFloats;
    private final boolean pinned;
    private final Arena arena = Arena.ofShared();
    private final FloatBuffer[] inputs;
    private final OnnxTensor[] inputTensors;
    private final List<String> outputNames;
    private final Map<String, List<Long>> outputShapes = new LinkedHashMap<>();
    private final Map<String, Integer> outputImageFloats = new LinkedHashMap<>();
    private final Map<String, FloatBuffer> outputs = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> pinnedOutputs = new LinkedHashMap<>();
    private boolean closed;

    BatchRunner(EncoderSession owner, int requestedBatch, int height, int width, List<String> outputNames, int inputSlots,
                boolean pinned) {
        if (requestedBatch < 1 || height < 1 || width < 1 || inputSlots < 1 || outputNames.isEmpty()) {
            throw new IllegalArgumentException("a batch runner needs batch, height, width, slots >= 1 and an output; got "
                    + requestedBatch + ", " + height + ", " + width + ", " + inputSlots + ", " + outputNames);
        }
        owner.requireSize(height, width);
        this.owner = owner;
        this.session = owner.ort();
        this.env = OnnxEngine.environment();
        this.fixedBatch = owner.fixedBatch() > 0;
        this.batchSize = fixedBatch ? owner.fixedBatch() : requestedBatch;
        this.imageShape = new long[] {3, height, width};
        this.imageFloats = Math.toIntExact(3L * height * width);
        this.pinned = pinned;
        this.outputNames = List.copyOf(new LinkedHashSet<>(outputNames));
        this.inputs = new FloatBuffer[inputSlots];
        this.inputTensors = new OnnxTensor[inputSlots];
        boolean built = false;
        try {
            for (int s = 0; s < inputSlots; s++) {
                inputs[s] = floats(Math.multiplyExact(batchSize, imageFloats));
                inputTensors[s] = tensor(inputs[s], batchShape(batchSize, imageShape));
            }
            probeOutputShapes();
            for (String name : this.outputNames) {
                FloatBuffer buffer = floats(Math.multiplyExact(batchSize, outputImageFloats.get(name)));
                outputs.put(name, buffer);
                if (pinned) {
                    pinnedOutputs.put(name, tensor(buffer, batchShape(batchSize, outputShapes.get(name))));
                }
            }
            built = true;
        } finally {
            if (!built) {
                close();
            }
        }
    }

    /** Zeroed, 64-byte aligned, direct and native-order: what ONNX Runtime reads without a copy. */
    private FloatBuffer floats(int count) {
        MemorySegment segment = arena.allocate((long) count * Float.BYTES, 64);
        return segment.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private OnnxTensor tensor(FloatBuffer direct, long[] shape) {
        try {
            return OnnxTensor.createTensor(env, direct, shape);
        } catch (OrtException e) {
            throw new SessionException("cannot create a tensor of shape " + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    private static long[] batchShape(int count, long[] imageShape) {
        long[] shape = new long[imageShape.length + 1];
        shape[0] = count;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        return shape;
    }

    private static long[] batchShape(int count, List<Long> imageShape) {
        return batchShape(count, imageShape.stream().mapToLong(Long::longValue).toArray());
    }

    /** Runs one all-zero image to learn each output's shape at this input size, whatever the descriptor says. */
    private void probeOutputShapes() {
        int images = fixedBatch ? batchSize : 1;
        try (OnnxTensor probe = tensor(inputs[0].slice(0, images * imageFloats), batchShape(images, imageShape));
             OrtSession.Result result = session.run(Map.of(owner.inputName(), probe), new LinkedHashSet<>(outputNames))) {
            for (String name : outputNames) {
                long[] shape = ((OnnxTensor) result.get(name).orElseThrow()).getInfo().getShape();
                if (shape.length < 1 || shape[0] != images) {
                    throw new SessionException(owner.encoder().onnxFile() + ": output '" + name + "' has shape "
                            + Arrays.toString(shape) + " for " + images + " image" + (images == 1 ? "" : "s")
                            + "; an encoder output has the batch as its first dimension", null);
                }
                List<Long> perImage = new ArrayList<>();
                long floats = 1;
                for (int i = 1; i < shape.length; i++) {
                    perImage.add(shape[i]);
                    floats = Math.multiplyExact(floats, shape[i]);
                }
                outputShapes.put(name, Collections.unmodifiableList(perImage));
                outputImageFloats.put(name, Math.toIntExact(floats));
            }
        } catch (OrtException e) {
            throw new SessionException("ONNX Runtime cannot run " + owner.encoder().onnxFile() + " on a 3x" + imageShape[1]
                    + "x" + imageShape[2] + " image: " + e.getMessage(), e);
        }
    }

    /** Images per full batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Input buffers kept (2: one filled while the other runs). */
    public int inputSlots() {
        return inputs.length;
    }

    /** Floats of one image in an input buffer: {@code 3 × H × W}. */
    public int imageFloats() {
        return imageFloats;
    }

    /** Whether ONNX Runtime writes the outputs straight into this runner's buffers. */
    public boolean pinnedOutputs() {
        return pinned;
    }

    /** The outputs fetched, in order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /** One image's output shape (without the batch dimension) per output, at this input size. */
    public Map<String, List<Long>> outputShapes() {
        return Collections.unmodifiableMap(outputShapes);
    }

    /**
     * Input buffer {@code slot}: image {@code i} of a batch occupies floats {@code [i × imageFloats, (i+1) × imageFloats)}.
     * Fill it with absolute puts (safe from several threads on disjoint ranges) while no run uses the slot.
     */
    public FloatBuffer input(int slot) {
        return inputs[slot].duplicate();
    }

    /**
     * Runs the first {@code count} images of input slot {@code slot}.
     *
     * @return views of the outputs, valid until the next call
     */
    public BatchOutputs run(int slot, int count) {
        if (count < 1 || count > batchSize) {
            throw new IllegalArgumentException("a batch has 1 to " + batchSize + " images, got " + count);
        }
        List<AutoCloseable> temporaries = new ArrayList<>();
        boolean whole = count == batchSize || fixedBatch;
        try {
            OnnxTensor input = whole ? inputTensors[slot]
                    : track(temporaries, tensor(inputs[slot].slice(0, count * imageFloats), batchShape(count, imageShape)));
            Map<String, OnnxTensor> feed = Map.of(owner.inputName(), input);
            if (pinned) {
                Map<String, OnnxValue> into = new LinkedHashMap<>();
                for (String name : outputNames) {
                    into.put(name, whole ? pinnedOutputs.get(name) : track(temporaries,
                            tensor(outputs.get(name).slice(0, count * outputImageFloats.get(name)),
                                    batchShape(count, outputShapes.get(name)))));
                }
                // The result holds the pinned tensors without owning them: closing it leaves them open.
                track(temporaries, session.run(feed, into));
            } else {
                OrtSession.Result result = track(temporaries, session.run(feed, new LinkedHashSet<>(outputNames)));
                for (String name : outputNames) {
                    FloatBuffer values = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
                    outputs.get(name).put(0, values, 0, count * outputImageFloats.get(name));
                }
            }
        } catch (OrtException e) {
            throw new SessionException("ONNX Runtime failed on a batch of " + count + " images of "
                    + owner.encoder().onnxFile() + ": " + e.getMessage(), e);
        } finally {
            closeAll(temporaries);
        }
        Map<String, FloatBuffer> views = new LinkedHashMap<>();
        for (String name : outputNames) {
            views.put(name, outputs.get(name).slice(0, count * outputImageFloats.get(name)).asReadOnlyBuffer());
        }
        return new BatchOutputs(count, Collections.unmodifiableMap(views), outputShapes());
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> list, T closeable) {
        list.add(closeable);
        return closeable;
    }

    private static void closeAll(List<? extends AutoCloseable> closeables) {
        RuntimeException failure = null;
        for (AutoCloseable c : closeables) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new SessionException("cannot release an ONNX Runtime value: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes the tensors, then frees the buffers they wrap. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> tensors = new ArrayList<>(Arrays.asList(inputTensors));
        tensors.addAll(pinnedOutputs.values());
        try {
            closeAll(tensors);
        } finally {
            Arrays.fill(inputTensors, null);
            pinnedOutputs.clear();
            arena.close();
        }
    }
}
