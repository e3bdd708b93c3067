package dev.repbench.torch.io;

/**
 * A tensor as a pickle describes it, before its storage's bytes are read: a strided view (in elements) of
 * {@code storage}. The legacy format's storage views are folded into {@code offset}.
 */
record StoredTensor(StorageRef storage, long offset, long[] size, long[] stride, boolean requiresGrad) {
    StoredTensor withRequiresGrad(boolean value) {
        return new StoredTensor(storage, offset, size, stride, value);
    }
}
