package dev.repbench.plugins.moco;

import dev.repbench.api.Device;
import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MoCo's dictionary: a ring buffer of the last {@code size} keys, the negatives of every query. It starts with
 * random unit vectors (drawn from libtorch's seeded generator) and each step's keys replace the oldest ones.
 * Owns its tensors until {@link #close()}.
 */
final class KeyQueue implements AutoCloseable {
    /** State names, as {@link dev.repbench.plugins.kit.train.Method#state()} publishes them. */
    static final String KEYS = "queue";
    static final String POINTER = "queue-pointer";

    private final Scope owner = Scope.standalone();
    private final Tensor keys;
    private final Tensor pointer;

    /**
     * @param size      keys held, at least 1
     * @param dimension the width of a key
     * @param device    where the keys live (the pointer stays on the CPU: it is read every step)
     */
    KeyQueue(int size, long dimension, Device device) {
        if (size < 1 || dimension < 1) {
            throw new IllegalArgumentException("a key queue needs a size and a dimension of 1 or more, got " + size
                    + " and " + dimension);
        }
        try (Scope _ = Scope.open(); GradMode _ = GradMode.disabled()) {
            keys = owner.keep(Functional.normalize(Tensor.randn(DType.FLOAT32, device, size, dimension), 1));
            pointer = owner.keep(Tensor.zeros(DType.INT64, Device.CPU, 1));
        }
    }

    /** @return the keys {@code [size, dimension]}, the queue's own tensor (read it, do not close it) */
    Tensor keys() {
        return keys;
    }

    /** @return how many keys the queue holds */
    int size() {
        return (int) keys.size(0);
    }

    /** @return where the next key is written, {@code 0 … size − 1} */
    int pointer() {
        return (int) pointer.toLongArray()[0];
    }

    /**
     * Writes {@code batch} over the oldest keys, wrapping around the end, and advances the pointer.
     *
     * @param batch {@code [B, dimension]} with {@code B ≤ size}; copied, its graph (if any) ignored
     */
    void enqueue(Tensor batch) {
        long[] shape = batch.shape();
        if (shape.length != 2 || shape[1] != keys.size(1) || shape[0] > size()) {
            throw new IllegalArgumentException("cannot enqueue keys of shape " + Arrays.toString(shape) + " into a queue "
                    + Arrays.toString(keys.shape()) + ": at most " + size() + " keys of width " + keys.size(1));
        }
        int count = (int) shape[0];
        int start = pointer();
        int untilEnd = Math.min(count, size() - start);
        try (Scope _ = Scope.open(); GradMode _ = GradMode.disabled()) {
            Tensor values = batch.detach();
            keys.narrow(0, start, untilEnd).copyFromInPlace(values.narrow(0, 0, untilEnd));
            if (untilEnd < count) {
                keys.narrow(0, 0, count - untilEnd).copyFromInPlace(values.narrow(0, untilEnd, count - untilEnd));
            }
            pointer.fillInPlace((start + count) % size());
        }
    }

    /** @return the keys and the pointer by their state names: the queue's own tensors, restored in place on resume */
    Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put(KEYS, keys);
        state.put(POINTER, pointer);
        return state;
    }

    @Override
    public void close() {
        owner.close();
    }
}
