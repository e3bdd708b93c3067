package dev.repbench.plugins.kit.data;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Target;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a {@link SampleSource} in batches for training. Epoch {@code e}'s order is a permutation drawn from
 * {@link Seeds#forEpoch}; the last incomplete batch of an epoch is dropped (as the reference implementations'
 * {@code drop_last=True}). Batches are numbered over the whole run ("steps"): step {@code s} is batch
 * {@code s mod batchesPerEpoch} of epoch {@code s / batchesPerEpoch}, so a resumed run starts at its step.
 *
 * <p>{@code workers} threads each build whole batches ahead of the training thread, at most {@code 2 × workers}
 * of them waiting; batches are handed out in step order, so the output does not depend on the worker count.
 * A sample that fails surfaces as a {@link DataLoadingException} naming its index. {@link #close()} stops the
 * threads.
 */
public final class BatchLoader implements AutoCloseable {
    private final SampleSource source;
    private final int batchSize;
    private final int side;
    private final long seed;
    private final boolean labelled;
    private final int batchesPerEpoch;
    private final ExecutorService workers;
    private final Deque<Future<HostBatch>> pending = new ArrayDeque<>();
    private final int depth;
    private final long endStep;
    private long nextToSubmit;
    private long nextToTake;
    private int permutationEpoch = -1;
    private int[] permutation;

    /**
     * @param source    the training images, single- or multi-frame (the first frame is used)
     * @param batchSize images per batch, at least 1, at most the source's size
     * @param side      the side every image is brought to
     * @param workers   loader threads, at least 1
     * @param seed      the run's seed
     * @param fromStep  the first step to load (0, or a resumed run's step)
     * @param endStep   one past the last step to load
     * @throws IllegalArgumentException if the source has fewer images than one batch
     */
    public BatchLoader(SampleSource source, int batchSize, int side, int workers, long seed, long fromStep, long endStep) {
        if (batchSize < 1 || workers < 1 || side < 1) {
            throw new IllegalArgumentException("batch size, side and workers must be positive, got "
                    + batchSize + ", " + side + ", " + workers);
        }
        this.source = source;
        this.batchSize = batchSize;
        this.side = side;
        this.seed = seed;
        this.batchesPerEpoch = batchesPerEpoch(source.size(), batchSize);
        this.labelled = source.get(0).target() instanceof ClassLabel;
        this.nextToSubmit = fromStep;
        this.nextToTake = fromStep;
        this.endStep = endStep;
        this.depth = 2 * workers;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, task -> {
            Thread t = new Thread(task, "repbench-loader-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    /**
     * @return full batches in one epoch
     * @throws IllegalArgumentException naming both numbers if there is not even one
     */
    public static int batchesPerEpoch(int images, int batchSize) {
        if (images < batchSize) {
            throw new IllegalArgumentException("the training set has " + images + " images, fewer than one batch of "
                    + batchSize + "; lower batch-size or use a larger dataset");
        }
        return images / batchSize;
    }

    /** @return whether batches carry labels (the training set's targets are {@link ClassLabel}s) */
    public boolean labelled() {
        return labelled;
    }

    /** @return full batches per epoch */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** @return whether {@link #next()} has another batch */
    public boolean hasNext() {
        return nextToTake < endStep;
    }

    /**
     * @return the next step's batch, waiting for it if needed
     * @throws DataLoadingException if a sample of it could not be read
     */
    public HostBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no batch after step " + (endStep - 1));
        }
        Future<HostBatch> future = pending.removeFirst();
        nextToTake++;
        fill();
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataLoadingException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DataLoadingException d) {
                throw new DataLoadingException(d.getMessage(), d);
            }
            throw new DataLoadingException("loading a batch failed: " + e.getCause(), e.getCause());
        }
    }

    private void fill() {
        while (pending.size() < depth && nextToSubmit < endStep) {
            int[] indices = indicesOf(nextToSubmit);
            pending.addLast(workers.submit(() -> load(indices)));
            nextToSubmit++;
        }
    }

    /** The sample indices of a step's batch, in order. */
    int[] indicesOf(long step) {
        int epoch = Math.toIntExact(step / batchesPerEpoch);
        int batch = (int) (step % batchesPerEpoch);
        if (epoch != permutationEpoch) {
            permutation = Seeds.permutation(source.size(), Seeds.forEpoch(seed, epoch));
            permutationEpoch = epoch;
        }
        int[] indices = new int[batchSize];
        System.arraycopy(permutation, batch * batchSize, indices, 0, batchSize);
        return indices;
    }

    private HostBatch load(int[] indices) {
        int plane = 3 * side * side;
        float[] pixels = new float[indices.length * plane];
        int[] labels = labelled ? new int[indices.length] : null;
        for (int k = 0; k < indices.length; k++) {
            int index = indices[k];
            try {
                Sample sample = source.get(index);
                Target target = sample.target();
                if (labelled != target instanceof ClassLabel) {
                    throw new IllegalArgumentException("its target is " + target.getClass().getSimpleName() + " but sample 0's is "
                            + (labelled ? "a ClassLabel" : source.get(0).target().getClass().getSimpleName())
                            + "; pretraining images must be all labelled (ClassLabel) or all unlabelled");
                }
                if (labels != null) {
                    labels[k] = ((ClassLabel) target).index();
                }
                SquareImages.write(sample.image(), side, pixels, k * plane);
            } catch (RuntimeException e) {
                throw new DataLoadingException("training image " + index + ": " + e.getMessage(), e);
            }
        }
        return new HostBatch(pixels, labels, indices, side);
    }

    /** Stops the loader threads; batches still being built are abandoned. */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(true));
        pending.clear();
        workers.shutdownNow();
    }
}
