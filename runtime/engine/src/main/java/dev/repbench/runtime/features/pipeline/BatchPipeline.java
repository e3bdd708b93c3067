package dev.repbench.runtime.features.pipeline;

import dev.repbench.api.data.SampleSource;
import dev.repbench.runtime.features.session.BatchOutputs;
import dev.repbench.runtime.features.session.BatchRunner;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs samples {@code 0 … count−1} of a source through an encoder in batches, loading the next batch while the
 * encoder runs the current one.
 *
 * <p>A loader thread takes a free input slot of the {@link BatchRunner}, has the worker threads decode and
 * preprocess that batch's images straight into it (each image at its index's place, so the result does not depend
 * on which worker did what), and queues the slot; the calling thread takes filled slots in batch order, runs them
 * and hands the outputs to the consumer, then frees the slot. With two slots, the loader works one batch ahead;
 * the time the encoder waits for the loader is measured ({@link Stats#loaderWaitSeconds}).
 */
public final class BatchPipeline {

    /** Receives each batch's outputs, in sample order, on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface BatchConsumer {
        /**
         * @param firstIndex the sample index of the batch's first image
         * @param outputs    the batch's outputs, valid only during this call
         */
        void accept(int firstIndex, BatchOutputs outputs);
    }

    /**
     * What a run did.
     *
     * @param images            images run
     * @param batches           batches run
     * @param seconds           wall time from start to the last batch consumed
     * @param loaderWaitSeconds time the encoder thread waited for a filled batch (the first batch included)
     */
    public record Stats(int images, int batches, double seconds, double loaderWaitSeconds) {
        /** Images per second over the run. */
        public double imagesPerSecond() {
            return images / seconds;
        }
    }

    /** A filled input slot, or the failure that stopped the loader. */
    private record Filled(int batch, int slot, int count, Throwable failure) {
    }

    private BatchPipeline() {
    }

    /**
     * Runs the first {@code count} samples of {@code source} (their first frame) through {@code runner}.
     *
     * @param workers threads decoding and preprocessing, 1 or more
     * @throws RuntimeException what a sample's loading or the encoder threw, unchanged
     */
    public static Stats run(SampleSource source, int count, Preprocessor preprocessor, BatchRunner runner, int workers,
                            BatchConsumer consumer) {
        if (count < 0 || count > source.size()) {
            throw new IllegalArgumentException("count is 0 to " + source.size() + ", got " + count);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be 1 or more, got " + workers);
        }
        if (preprocessor.imageFloats() != runner.imageFloats()) {
            throw new IllegalArgumentException("the preprocessor writes " + preprocessor.imageFloats()
                    + " floats per image, the runner takes " + runner.imageFloats());
        }
        int batchSize = runner.batchSize();
        int batches = (count + batchSize - 1) / batchSize;
        BlockingQueue<Integer> free = new ArrayBlockingQueue<>(runner.inputSlots());
        for (int s = 0; s < runner.inputSlots(); s++) {
            free.add(s);
        }
        // Room for every slot plus a failure report, so the loader never blocks on reporting.
        BlockingQueue<Filled> filled = new ArrayBlockingQueue<>(runner.inputSlots() + 1);
        // The pool's threads are kept to be joined: a terminated pool's last thread may still be exiting.
        List<Thread> workerThreads = new CopyOnWriteArrayList<>();
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = Thread.ofPlatform().daemon().name("repbench-preprocess-" + workerNumber.incrementAndGet()).unstarted(r);
            workerThreads.add(t);
            return t;
        });
        Thread loader = Thread.ofPlatform().daemon().name("repbench-batch-loader").unstarted(() -> {
            try {
                for (int b = 0; b < batches; b++) {
                    int slot = free.take();
                    int first = b * batchSize;
                    int n = Math.min(batchSize, count - first);
                    BatchPacking.fill(source, first, n, List.of(preprocessor), new FloatBuffer[] {runner.input(slot)},
                            runner.imageFloats(), pool, workers);
                    filled.put(new Filled(b, slot, n, null));
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt(); // the encoder side stopped the run
            } catch (Throwable failure) {
                filled.offer(new Filled(-1, -1, 0, failure));
            }
        });
        long start = System.nanoTime();
        long waited = 0;
        loader.start();
        try {
            for (int b = 0; b < batches; b++) {
                long before = System.nanoTime();
                Filled f = filled.take();
                waited += System.nanoTime() - before;
                if (f.failure() != null) {
                    throw rethrow(f.failure());
                }
                BatchOutputs outputs = runner.run(f.slot(), f.count());
                consumer.accept(f.batch() * batchSize, outputs);
                free.put(f.slot());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("feature extraction was interrupted", e);
        } finally {
            // The slots' memory must not be freed while a loader or worker still writes into it: wait for them.
            loader.interrupt();
            if (pool != null) {
                pool.shutdownNow();
            }
            joinQuietly(loader, pool, workerThreads);
        }
        return new Stats(count, batches, (System.nanoTime() - start) / 1e9, waited / 1e9);
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            return r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("loading a batch failed: " + failure.getMessage(), failure);
    }

    private static void joinQuietly(Thread loader, ExecutorService pool, List<Thread> workerThreads) {
        boolean interrupted = false;
        while (true) {
            try {
                loader.join();
                if (pool != null) {
                    while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                        // a sample read is still running; its slot must outlive it
                    }
                    for (Thread worker : workerThreads) {
                        worker.join();
                    }
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
