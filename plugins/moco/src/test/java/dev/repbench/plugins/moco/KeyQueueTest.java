package dev.repbench.plugins.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.api.Device;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.Test;

class KeyQueueTest {

    @Test
    void startsWithRandomUnitKeys() {
        Torch.manualSeed(3);
        try (KeyQueue queue = new KeyQueue(6, 4, Device.CPU); Scope _ = Scope.open()) {
            assertArrayEquals(new long[] {6, 4}, queue.keys().shape());
            float[] norms = queue.keys().norm(2, new long[] {1}, false).toFloatArray();
            for (float norm : norms) {
                assertEquals(1.0, norm, 1e-6);
            }
            assertEquals(0, queue.pointer());
        }
    }

    @Test
    void enqueueOverwritesTheOldestKeysAndWrapsAroundTheEnd() {
        try (KeyQueue queue = new KeyQueue(5, 2, Device.CPU); Scope _ = Scope.open()) {
            queue.enqueue(rows(1, 2));
            assertEquals(2, queue.pointer());
            queue.enqueue(rows(3, 4));
            assertEquals(4, queue.pointer());
            queue.enqueue(rows(5, 6)); // key 5 at the end, key 6 wraps to the front
            assertEquals(1, queue.pointer());
            assertArrayEquals(new float[] {6, 6, 2, 2, 3, 3, 4, 4, 5, 5}, queue.keys().toFloatArray());
            queue.enqueue(rows(7, 8, 9, 10)); // a whole lap but one
            assertEquals(0, queue.pointer());
            assertArrayEquals(new float[] {6, 6, 7, 7, 8, 8, 9, 9, 10, 10}, queue.keys().toFloatArray());
        }
    }

    @Test
    void aBatchOfTheQueuesSizeReturnsThePointerToTheStart() {
        try (KeyQueue queue = new KeyQueue(4, 2, Device.CPU); Scope _ = Scope.open()) {
            queue.enqueue(rows(1, 2));
            queue.enqueue(rows(3, 4));
            assertEquals(0, queue.pointer());
            queue.enqueue(rows(5, 6));
            assertArrayEquals(new float[] {5, 5, 6, 6, 3, 3, 4, 4}, queue.keys().toFloatArray());
        }
    }

    @Test
    void stateIsTheQueuesOwnTensorsSoARestoreChangesTheQueue() {
        try (KeyQueue queue = new KeyQueue(4, 2, Device.CPU); Scope _ = Scope.open()) {
            assertSame(queue.keys(), queue.state().get(KeyQueue.KEYS));
            queue.state().get(KeyQueue.POINTER).fillInPlace(3);
            assertEquals(3, queue.pointer());
            queue.enqueue(rows(1, 2));
            assertEquals(1, queue.pointer());
            assertArrayEquals(new float[] {2, 2}, queue.keys().narrow(0, 0, 1).toFloatArray());
            assertArrayEquals(new float[] {1, 1}, queue.keys().narrow(0, 3, 1).toFloatArray());
        }
    }

    @Test
    void keysOfTheWrongShapeAreRefused() {
        try (KeyQueue queue = new KeyQueue(4, 2, Device.CPU); Scope _ = Scope.open()) {
            assertThrows(IllegalArgumentException.class, () -> queue.enqueue(Tensor.zeros(2, 3)));
            assertThrows(IllegalArgumentException.class, () -> queue.enqueue(Tensor.zeros(5, 2)));
        }
    }

    /** One key per value, both coordinates equal to it. */
    private static Tensor rows(float... values) {
        float[] data = new float[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            data[2 * i] = values[i];
            data[2 * i + 1] = values[i];
        }
        return Tensor.of(data, values.length, 2);
    }
}
