package dev.repbench.runtime.analysis.cka;

import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor.Progress;
import dev.repbench.runtime.features.cache.CacheEntryWriter;
import dev.repbench.runtime.features.cache.FeatureFile;
import dev.repbench.runtime.features.pipeline.BatchPacking;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes the minibatch linear CKA matrix ({@link CkaMatrixAccumulator}) between the outputs of one encoder, or
 * between the outputs of two encoders, over the first images of a sample source.
 *
 * <p>Each encoder runs as a Gram-augmented model ({@link GramGraph}): ONNX Runtime returns one n × n Gram per
 * output and batch, so wide block outputs never reach Java; a model whose graph fixes its batch runs in chunks of
 * it instead, its Grams made in Java ({@link BatchGrams}). Images are resized to {@code size × size} and
 * normalised with each encoder's own preprocessing ({@link Preprocessor}) on worker threads, one batch ahead of
 * the encoders. Two encoders see exactly the same batches. Only full batches are used: with N images and batch
 * n, the first ⌊N / n⌋ · n images, so every HSIC term averages over batches of the same size, as in Nguyen,
 * Raghu &amp; Kornblith (2021). Given a {@link GramCache}, an encoder whose Grams are kept there is not run.
 */
public final class CkaRunner {

    /**
     * How to run.
     *
     * @param images    images wanted (the first ones of the source; rounded down to full batches)
     * @param batchSize images per batch, 4 or more (the unbiased HSIC estimator needs 4)
     * @param size      the square input size images are resized to
     * @param outputs   the encoder outputs compared, e.g. block1 … block5, embedding
     * @param threads   ONNX Runtime intra-op threads per session
     * @param workers   threads preprocessing images
     */
    public record Settings(int images, int batchSize, int size, List<String> outputs, Device device, int threads,
                           int workers) {
        public Settings {
            outputs = List.copyOf(outputs);
            if (batchSize < UnbiasedHsic.MIN_INPUTS) {
                throw new IllegalArgumentException("minibatch CKA needs batches of at least " + UnbiasedHsic.MIN_INPUTS
                        + " images, got " + batchSize);
            }
            if (images < 1 || size < 1 || threads < 1 || workers < 1 || outputs.isEmpty()) {
                throw new IllegalArgumentException("images, size, threads and workers are 1 or more, and an output is needed");
            }
        }
    }

    /**
     * What a run produced.
     *
     * @param matrix           the CKA matrix: rows are the first encoder's outputs, columns its own or the second's
     * @param images           images used (full batches only)
     * @param batches          batches run
     * @param seconds          wall time of the whole run, sessions included
     * @param encoderSeconds   time spent in ONNX Runtime (forward passes and Grams)
     * @param loaderWaitSeconds time the encoders waited for preprocessed batches
     * @param cachedEncoders   how many of the encoders' Grams were read from a {@link GramCache}, not computed
     */
    public record Result(CkaMatrix matrix, int images, int batches, double seconds, double encoderSeconds,
                         double loaderWaitSeconds, int cachedEncoders) {
    }

    private CkaRunner() {
    }

    /** The symmetric matrix of all pairs of {@code settings.outputs()} of one encoder. */
    public static Result within(SampleSource source, LoadedEncoder encoder, Settings settings) {
        return within(source, encoder, settings, Progress.NONE);
    }

    /** As {@link #within(SampleSource, LoadedEncoder, Settings)}, telling {@code progress} after each batch. */
    public static Result within(SampleSource source, LoadedEncoder encoder, Settings settings, Progress progress) {
        return run(source, List.of(encoder), settings, progress, null);
    }

    /** Outputs of {@code rows} against outputs of {@code columns}, on the same batches: a full, unmirrored matrix. */
    public static Result between(SampleSource source, LoadedEncoder rows, LoadedEncoder columns, Settings settings) {
        return between(source, rows, columns, settings, Progress.NONE);
    }

    /** As {@link #between(SampleSource, LoadedEncoder, LoadedEncoder, Settings)}, telling {@code progress} after each batch. */
    public static Result between(SampleSource source, LoadedEncoder rows, LoadedEncoder columns, Settings settings,
                                 Progress progress) {
        return run(source, List.of(rows, columns), settings, progress, null);
    }

    /**
     * The matrix of one encoder (as {@link #within}) or of two (as {@link #between}), reading an encoder's Grams from
     * {@code grams} where they are kept and running only the other encoders, whose Grams it then keeps there.
     *
     * @param source the images {@code grams} was opened for
     * @param grams  where Grams are kept, or null to run every encoder and keep nothing
     */
    public static Result run(SampleSource source, List<LoadedEncoder> encoders, Settings settings, Progress progress,
                             GramCache grams) {
        if (encoders.isEmpty() || encoders.size() > 2) {
            throw new IllegalArgumentException("CKA compares one encoder's outputs or two encoders', got " + encoders.size());
        }
        int n = settings.batchSize();
        int images = usableImages(settings.images(), source.size(), n);
        if (images < n) {
            throw new IllegalArgumentException("minibatch CKA needs at least one full batch of " + n + " images; the"
                    + " source has " + source.size() + " and " + settings.images() + " were asked for");
        }
        List<GramSource> sources = new ArrayList<>();
        try {
            for (LoadedEncoder e : encoders) {
                Optional<List<FeatureFile>> cached = grams == null ? Optional.empty() : grams.lookup(e, settings, images);
                sources.add(new GramSource(e, cached.orElse(null),
                        grams == null || cached.isPresent() ? null : grams.create(e, settings, images)));
            }
            Result result = compute(source, sources, settings, images, progress);
            sources.forEach(GramSource::commit);
            return result;
        } finally {
            sources.forEach(GramSource::close);
        }
    }

    /**
     * Where one encoder's Grams come from: the files of a {@link GramCache}, or the encoder run by ONNX Runtime (its
     * Grams then written to the cache, where one was given).
     */
    private record GramSource(LoadedEncoder encoder, List<FeatureFile> cached, List<CacheEntryWriter> writers) {
        boolean runs() {
            return cached == null;
        }

        /** Output k's Gram of the batch of {@code n} images from image {@code first}, read from the cache. */
        double[][] read(int k, int first, int n) {
            double[][] gram = new double[n][n];
            float[] row = new float[n];
            for (int i = 0; i < n; i++) {
                cached.get(k).readRow(first + i, row);
                for (int j = 0; j < n; j++) {
                    gram[i][j] = row[j];
                }
            }
            return gram;
        }

        /** Keeps output k's Gram of the batch from image {@code first}, as ONNX Runtime returned it. */
        void keep(int k, int first, int n, float[] values) {
            if (writers != null) {
                writers.get(k).writeRows(first, FloatBuffer.wrap(values), n);
            }
        }

        void commit() {
            if (writers != null) {
                writers.forEach(CacheEntryWriter::commit);
            }
        }

        void close() {
            if (cached != null) {
                cached.forEach(FeatureFile::close);
            }
            if (writers != null) {
                writers.forEach(CacheEntryWriter::close); // after a commit, nothing; else the partial entry goes
            }
        }
    }

    /** The images a run uses: full batches only. */
    public static int usableImages(int wanted, int available, int batchSize) {
        return Math.min(wanted, available) / batchSize * batchSize;
    }

    private static Result compute(SampleSource source, List<GramSource> encoders, Settings s, int images,
                                  Progress progress) {
        long start = System.nanoTime();
        int n = s.batchSize();
        int batches = images / n;
        List<String> grams = s.outputs().stream().map(GramGraph::gramOutput).toList();
        List<GramSource> running = encoders.stream().filter(GramSource::runs).toList();
        // each encoder's session and slot, by position (an encoder compared with itself is in the list twice)
        int[] session = new int[encoders.size()];
        for (int e = 0, r = 0; e < encoders.size(); e++) {
            session[e] = encoders.get(e).runs() ? r++ : -1;
        }
        List<Preprocessor> preprocessors = running.stream()
                .map(e -> GramCache.preprocessor(e.encoder(), s.size())).toList();
        CkaMatrixAccumulator matrix = encoders.size() == 1 ? CkaMatrixAccumulator.within(s.outputs())
                : CkaMatrixAccumulator.between(s.outputs(), s.outputs());
        int imageFloats = 3 * s.size() * s.size();

        List<BatchGrams> sessions = new ArrayList<>(); // one per running encoder, in its order
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(s.workers(),
                r -> Thread.ofPlatform().daemon().name("repbench-cka-preprocess-" + workerNumber.incrementAndGet()).unstarted(r));
        ExecutorService loader = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("repbench-cka-loader").unstarted(r));
        Arena arena = Arena.ofShared();
        try {
            for (GramSource e : running) {
                sessions.add(BatchGrams.open(e.encoder(), s.outputs(), n, s.device(), s.threads()));
            }
            // Two slots per running encoder: the loader fills one while the encoders run the other.
            FloatBuffer[][] slots = new FloatBuffer[2][running.size()];
            for (FloatBuffer[] slot : slots) {
                for (int e = 0; e < slot.length; e++) {
                    slot[e] = arena.allocate((long) n * imageFloats * Float.BYTES, 64).asByteBuffer()
                            .order(ByteOrder.nativeOrder()).asFloatBuffer();
                }
            }
            progress.started(images);
            long encoderNanos = 0;
            long waitNanos = 0;
            boolean load = !running.isEmpty(); // cached Grams need no images
            Future<?> next = load ? loader.submit(() -> pack(source, 0, n, preprocessors, slots[0], imageFloats,
                    workers, s.workers())) : null;
            for (int b = 0; b < batches; b++) {
                int first = b * n;
                FloatBuffer[] current = slots[b % 2];
                if (load) {
                    long before = System.nanoTime();
                    await(next);
                    waitNanos += System.nanoTime() - before;
                    if (b + 1 < batches) {
                        int following = first + n;
                        FloatBuffer[] target = slots[(b + 1) % 2];
                        next = loader.submit(() -> pack(source, following, n, preprocessors, target, imageFloats,
                                workers, s.workers()));
                    }
                }
                List<List<double[][]>> perEncoder = new ArrayList<>();
                for (int i = 0; i < encoders.size(); i++) {
                    GramSource e = encoders.get(i);
                    List<double[][]> batch = new ArrayList<>();
                    int r = session[i];
                    if (r >= 0) {
                        long t = System.nanoTime();
                        Map<String, float[]> values = sessions.get(r).grams(current[r], n, s.size());
                        encoderNanos += System.nanoTime() - t;
                        for (int k = 0; k < grams.size(); k++) {
                            float[] g = values.get(grams.get(k));
                            batch.add(square(g, n));
                            e.keep(k, first, n, g);
                        }
                    } else {
                        for (int k = 0; k < grams.size(); k++) {
                            batch.add(e.read(k, first, n));
                        }
                    }
                    perEncoder.add(batch);
                }
                if (perEncoder.size() == 1) {
                    matrix.add(perEncoder.get(0));
                } else {
                    matrix.add(perEncoder.get(0), perEncoder.get(1));
                }
                progress.imagesDone(first + n);
            }
            return new Result(matrix.value(), images, batches, (System.nanoTime() - start) / 1e9, encoderNanos / 1e9,
                    waitNanos / 1e9, encoders.size() - running.size());
        } finally {
            // The slots' memory must outlive every preprocessing task still writing into it.
            loader.shutdownNow();
            workers.shutdownNow();
            awaitQuietly(loader);
            awaitQuietly(workers);
            arena.close();
            closeAll(sessions);
        }
    }

    /** Loads images {@code first … first+n−1} once each and packs them for every encoder, on the workers. */
    private static Void pack(SampleSource source, int first, int n, List<Preprocessor> preprocessors, FloatBuffer[] slot,
                             int imageFloats, ExecutorService workers, int workerCount) throws Exception {
        BatchPacking.fill(source, first, n, preprocessors, slot, imageFloats, workers, workerCount);
        return null;
    }

    private static double[][] square(float[] values, int n) {
        if (values.length != n * n) {
            throw new IllegalStateException("a Gram of a batch of " + n + " has " + n * n + " values, got " + values.length);
        }
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gram[i][j] = values[i * n + j];
            }
        }
        return gram;
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("CKA was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ExecutionException inner ? inner.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("loading a batch failed: " + cause.getMessage(), cause);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeAll(List<BatchGrams> sessions) {
        RuntimeException failure = null;
        for (BatchGrams session : sessions) {
            try {
                session.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
