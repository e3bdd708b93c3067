package dev.repbench.plugins.pirl;

import dev.repbench.api.Device;
import dev.repbench.plugins.kit.loss.Float32Island;
import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import java.util.SplittableRandom;

/**
 * One L2-normalised vector per training image, a running average of that image's representation (Wu et al.
 * 2018; PIRL's memory). Never trained by backpropagation: similarities to it carry gradients to the queries only.
 *
 * <p>Initialisation is the reference's: uniform in ±1/√(d/3), then each row normalised. The update is an
 * exponential moving average followed by renormalisation, {@code m ← normalise(μ·m + (1 − μ)·v)}.
 *
 * <p>Negatives: each query gets {@code N} entries drawn uniformly, with replacement, from every entry except its
 * own image's (the reference draws from the whole bank, so there a query's own entry is occasionally a
 * "negative"; excluding it costs nothing here). {@code N} is therefore at most {@code size − 1}: see
 * {@link #negativeCount}. One draw of {@code N} numbers {@code u} in {@code 0 … size − 2} is shared by the
 * batch, and query {@code b} with own index {@code i} uses entry {@code u + (u ≥ i ? 1 : 0)}, which is
 * uniform over the other {@code size − 1} entries for every query. Sharing the draw keeps the cost at two
 * {@code [N, d]} gathers (the entries {@code u} and {@code u + 1}) instead of {@code B} of them: per-query draws
 * of 32,000 negatives would gather 1 GiB per branch at batch 64.
 */
public final class MemoryBank implements AutoCloseable {
    private static final Op INDEX_COPY_ = Op.of("aten::index_copy_");

    private final Scope owner = Scope.standalone();
    private final Tensor entries;

    /**
     * A bank of {@code size} random unit vectors, drawn from libtorch's generator (seeded by the loop).
     *
     * @param size      the number of training images, at least 2
     * @param dimension the representation's width
     * @param device    where the bank lives
     */
    public MemoryBank(int size, int dimension, Device device) {
        if (size < 2 || dimension < 1) {
            throw new IllegalArgumentException("a memory bank needs at least 2 entries (a negative besides the positive) and"
                    + " a dimension of 1 or more; got " + size + " entries of dimension " + dimension
                    + ". Train on a data set of 2 or more images.");
        }
        double bound = 1.0 / Math.sqrt(dimension / 3.0);
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            Tensor uniform = Tensor.rand(DType.FLOAT32, device, size, dimension).mul(2 * bound).sub(bound);
            entries = owner.keep(Functional.normalize(uniform, 1));
        }
    }

    /** A bank holding a copy of {@code rows} ({@code [size, d]}, used as given): for tests and tools. */
    MemoryBank(Tensor rows) {
        if (rows.ndim() != 2 || rows.size(0) < 2) {
            throw new IllegalArgumentException("memory bank rows must be [size >= 2, d], got " + rows.describe());
        }
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            entries = owner.keep(rows.detach().clone());
        }
    }

    /** @return the entries {@code [size, d]}, live: a resume copies saved values into this tensor */
    public Tensor entries() {
        return entries;
    }

    /** @return the number of entries */
    public int size() {
        return (int) entries.size(0);
    }

    /** @return the width of each entry */
    public int dimension() {
        return (int) entries.size(1);
    }

    /** @return {@code requested} clamped to {@code size − 1}, the number of entries other than a query's own */
    public int negativeCount(int requested) {
        if (requested < 1) {
            throw new IllegalArgumentException("the number of negatives must be 1 or more, got " + requested);
        }
        return Math.min(requested, size() - 1);
    }

    /**
     * A batch's similarities to the bank.
     *
     * @param positive {@code [B]}: each query's dot product with its own image's entry
     * @param negative {@code [B, N]}: its dot products with the drawn negatives
     */
    public record Similarities(Tensor positive, Tensor negative) {
    }

    /**
     * Dot products of each query with its own entry and with {@code negatives} other entries (see the class
     * comment), in the current scope, with the graph to {@code queries}.
     *
     * @param queries   {@code [B, d]}, normally L2-normalised
     * @param indices   each query's image index, length B
     * @param negatives N, from {@link #negativeCount}
     * @param random    the source of the draw ({@code N} calls of {@code nextInt(size − 1)})
     * @return the similarities
     */
    public Similarities similarities(Tensor queries, int[] indices, int negatives, SplittableRandom random) {
        checkQueries(queries, indices);
        if (negatives != negativeCount(negatives)) {
            throw new IllegalArgumentException("at most " + (size() - 1) + " negatives in a bank of " + size() + ", asked for " + negatives);
        }
        long[] draw = new long[negatives];
        long[] drawPlusOne = new long[negatives];
        for (int k = 0; k < negatives; k++) {
            draw[k] = random.nextInt(size() - 1);
            drawPlusOne[k] = draw[k] + 1;
        }
        // float32 whatever the step's precision: the bank is float32 and these similarities are the loss's logits.
        try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(queries)) {
            Tensor q = island.input(queries);
            Tensor own = indexTensor(indices);
            Tensor drawn = Tensor.of(draw, negatives).to(entries.device());
            Tensor positive = q.mul(entries.indexSelect(0, own)).sum(1, false);
            // Query b uses entry u + 1 where u >= its own index, entry u elsewhere.
            Tensor below = q.mm(entries.indexSelect(0, drawn).t());
            Tensor above = q.mm(entries.indexSelect(0, Tensor.of(drawPlusOne, negatives).to(entries.device())).t());
            Tensor skipsOwn = drawn.view(1, negatives).sub(own.view(indices.length, 1)).gt(-0.5);  // u >= i
            return new Similarities(inner.keepInParent(positive), inner.keepInParent(Tensor.where(skipsOwn, above, below)));
        }
    }

    /**
     * {@code m[i] ← normalise(momentum · m[i] + (1 − momentum) · v)} for each index {@code i} and its
     * representation {@code v}, in place and without autograd.
     *
     * @param indices         the images' indices, distinct, length B
     * @param representations {@code [B, d]}, normally L2-normalised; not modified
     * @param momentum        the weight of the old entry, in [0, 1]
     */
    public void update(int[] indices, Tensor representations, double momentum) {
        checkQueries(representations, indices);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("memory momentum must be in [0, 1], got " + momentum);
        }
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            Tensor own = indexTensor(indices);
            Tensor mixed = entries.indexSelect(0, own).mul(momentum).add(representations.detach().mul(1 - momentum));
            INDEX_COPY_.callInPlace(entries, 0L, own, Functional.normalize(mixed, 1));
        }
    }

    private Tensor indexTensor(int[] indices) {
        long[] values = new long[indices.length];
        for (int b = 0; b < indices.length; b++) {
            if (indices[b] < 0 || indices[b] >= size()) {
                throw new IndexOutOfBoundsException("image index " + indices[b] + " is outside the memory bank of " + size()
                        + " entries: the bank is sized from the training set when the method is built");
            }
            values[b] = indices[b];
        }
        return Tensor.of(values, indices.length).to(entries.device());
    }

    private void checkQueries(Tensor queries, int[] indices) {
        if (queries.ndim() != 2 || queries.size(0) != indices.length || queries.size(1) != dimension()) {
            throw new IllegalArgumentException("memory bank queries must be [" + indices.length + ", " + dimension() + "], got "
                    + queries.describe());
        }
    }

    @Override
    public void close() {
        owner.close();
    }
}
