package dev.repbench.plugins.swav;

import dev.repbench.api.Device;
import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.List;

/**
 * SwAV's queue of past large-crop features, one per assigned crop. It only stabilises the assignments of small
 * batches: once full, its features are scored against the current prototypes and put before the batch's own
 * scores for Sinkhorn-Knopp, of whose output only the batch's rows are kept. It never enters the loss itself.
 *
 * <p>Newest features go first; each push shifts the queue by one batch and the oldest batch falls off the end.
 * The tensors live in a standalone scope (they survive steps) and are the method's resumable state.
 */
final class AssignmentQueue implements AutoCloseable {
    private final Scope scope = Scope.standalone();
    private final Tensor features;
    private final Tensor filledRows;
    private final long length;

    /**
     * @param crops      assigned crops, one queue each
     * @param length     rows per queue, a multiple of the batch size
     * @param featureDim the features' width
     */
    AssignmentQueue(int crops, long length, long featureDim, Device device) {
        this.length = length;
        try (Scope s = Scope.open()) {
            this.features = scope.keep(Tensor.zeros(DType.FLOAT32, device, crops, length, featureDim));
            this.filledRows = scope.keep(Tensor.zeros(DType.INT64, device, crops));
        }
    }

    /** @return the queued features {@code [crops, length, features]}, zeros where not yet filled */
    Tensor features() {
        return features;
    }

    /** @return how many rows of each crop's queue hold features ({@code [crops]}, int64, at most the length) */
    Tensor filledRows() {
        return filledRows;
    }

    /** @return whether crop {@code crop}'s queue is full, the condition for using it (as the reference code) */
    boolean isFull(int crop) {
        return filledRows.toLongArray()[crop] >= length;
    }

    /**
     * The scores to assign for crop {@code crop}: the batch's own when the queue is not yet full, else the
     * queued features' scores against {@code prototypes} followed by the batch's. The batch's rows are the last.
     *
     * @param batchScores {@code [B, K]}
     * @param prototypes  {@code [K, features]}
     * @return a new tensor without gradient, in the current scope
     */
    Tensor scoresToAssign(int crop, Tensor batchScores, Tensor prototypes) {
        try (Scope inner = Scope.open(); GradMode off = GradMode.disabled()) {
            Tensor own = batchScores.detach();
            if (!isFull(crop)) {
                return inner.keepInParent(own.clone());
            }
            Tensor queued = features.select(0, crop).mm(prototypes.detach().t());
            return inner.keepInParent(Tensor.cat(List.of(queued, own), 0));
        }
    }

    /** Puts {@code batchFeatures [B, features]} at the front of crop {@code crop}'s queue, dropping the oldest B rows. */
    void push(int crop, Tensor batchFeatures) {
        long batch = batchFeatures.size(0);
        if (batch > length) {
            throw new IllegalArgumentException("a batch of " + batch + " does not fit a queue of " + length);
        }
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            Tensor queue = features.select(0, crop);
            Tensor shifted = Tensor.cat(List.of(batchFeatures.detach().to(DType.FLOAT32),
                    queue.narrow(0, 0, length - batch)), 0);
            queue.copyFromInPlace(shifted);
            long filled = Math.min(length, filledRows.toLongArray()[crop] + batch);
            filledRows.select(0, crop).fillInPlace(filled);
        }
    }

    @Override
    public void close() {
        scope.close();
    }
}
