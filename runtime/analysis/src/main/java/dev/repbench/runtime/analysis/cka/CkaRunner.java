package dev.repbench.runtime.analysis.cka;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor.Progress;
import dev.repbench.runtime.features.pipeline.BatchPacking;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * output and batch, so wide block outputs never reach Java. Images are resized to {@code size × size} and
 * normalised with each encoder's own preprocessing ({@link Preprocessor}) on worker threads, one batch ahead of
 * the encoders. Two encoders see exactly the same batches. Only full batches are used: with N images and batch
 * n, the first ⌊N / n⌋ · n images, so every HSIC term averages over batches of the same size, as in Nguyen,
 * Raghu &amp; Kornblith (2021).
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
     */
    public record Result(CkaMatrix matrix, int images, int batches, double seconds, double encoderSeconds,
                         double loaderWaitSeconds) {
    }

    private CkaRunner() {
    }

    /** The symmetric matrix of all pairs of {@code settings.outputs()} of one encoder. */
    public static Result within(SampleSource source, LoadedEncoder encoder, Settings settings) {
        return within(source, encoder, settings, Progress.NONE);
    }

    /** As {@link #within(SampleSource, LoadedEncoder, Settings)}, telling {@code progress} after each batch. */
    public static Result within(SampleSource source, LoadedEncoder encoder, Settings settings, Progress progress) {
        return run(source, List.of(encoder), settings, progress);
    }

    /** Outputs of {@code rows} against outputs of {@code columns}, on the same batches: a full, unmirrored matrix. */
    public static Result between(SampleSource source, LoadedEncoder rows, LoadedEncoder columns, Settings settings) {
        return between(source, rows, columns, settings, Progress.NONE);
    }

    /** As {@link #between(SampleSource, LoadedEncoder, LoadedEncoder, Settings)}, telling {@code progress} after each batch. */
    public static Result between(SampleSource source, LoadedEncoder rows, LoadedEncoder columns, Settings settings,
                                 Progress progress) {
        return run(source, List.of(rows, columns), settings, progress);
    }

    /** The images a run uses: full batches only. */
    public static int usableImages(int wanted, int available, int batchSize) {
        return Math.min(wanted, available) / batchSize * batchSize;
    }

    private static Result run(SampleSource source, List<LoadedEncoder> encoders, Settings s, Progress progress) {
        long start = System.nanoTime();
        int n = s.batchSize();
        int images = usableImages(s.images(), source.size(), n);
        if (images < n) {
            throw new IllegalArgumentException("minibatch CKA needs at least one full batch of " + n + " images; the"
                    + " source has " + source.size() + " and " + s.images() + " were asked for");
        }
        int batches = images / n;
        List<String> grams = s.outputs().stream().map(GramGraph::gramOutput).toList();
        List<Preprocessor> preprocessors = encoders.stream().map(e -> preprocessor(e, s.size())).toList();
        CkaMatrixAccumulator matrix = encoders.size() == 1 ? CkaMatrixAccumulator.within(s.outputs())
                : CkaMatrixAccumulator.between(s.outputs(), s.outputs());
        int imageFloats = 3 * s.size() * s.size();

        List<EncoderSession> sessions = new ArrayList<>();
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(s.workers(),
                r -> Thread.ofPlatform().daemon().name("repbench-cka-preprocess-" + workerNumber.incrementAndGet()).unstarted(r));
        ExecutorService loader = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("repbench-cka-loader").unstarted(r));
        Arena arena = Arena.ofShared();
        try {
            for (LoadedEncoder e : encoders) {
                sessions.add(OnnxEngine.open(withGrams(e, s.outputs()), s.device(), s.threads()));
            }
            // Two slots per encoder: the loader fills one while the encoders run the other.
            FloatBuffer[][] slots = new FloatBuffer[2][encoders.size()];
            for (FloatBuffer[] slot : slots) {
                for (int e = 0; e < slot.length; e++) {
                    slot[e] = arena.allocate((long) n * imageFloats * Float.BYTES, 64).asByteBuffer()
                            .order(ByteOrder.nativeOrder()).asFloatBuffer();
                }
            }
            progress.started(images);
            long encoderNanos = 0;
            long waitNanos = 0;
            Future<?> next = loader.submit(() -> pack(source, 0, n, preprocessors, slots[0], imageFloats, workers, s.workers()));
            for (int b = 0; b < batches; b++) {
                long before = System.nanoTime();
                await(next);
                waitNanos += System.nanoTime() - before;
                FloatBuffer[] current = slots[b % 2];
                if (b + 1 < batches) {
                    int first = (b + 1) * n;
                    FloatBuffer[] target = slots[(b + 1) % 2];
                    next = loader.submit(() -> pack(source, first, n, preprocessors, target, imageFloats, workers, s.workers()));
                }
                List<List<double[][]>> perEncoder = new ArrayList<>();
                for (int e = 0; e < sessions.size(); e++) {
                    long t = System.nanoTime();
                    Map<String, float[]> values = sessions.get(e).runWhole(current[e], n, s.size(), s.size(), grams);
                    encoderNanos += System.nanoTime() - t;
                    perEncoder.add(grams.stream().map(g -> square(values.get(g), n)).toList());
                }
                if (perEncoder.size() == 1) {
                    matrix.add(perEncoder.get(0));
                } else {
                    matrix.add(perEncoder.get(0), perEncoder.get(1));
                }
                progress.imagesDone((b + 1) * n);
            }
            return new Result(matrix.value(), images, batches, (System.nanoTime() - start) / 1e9, encoderNanos / 1e9,
                    waitNanos / 1e9);
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

    private static Preprocessor preprocessor(LoadedEncoder encoder, int size) {
        EncoderDescriptor.Preprocessing p = encoder.descriptor().preprocessing();
        if (!EncoderDescriptor.Preprocessing.RGB.equals(p.channelOrder())) {
            throw new IllegalArgumentException("channel order " + p.channelOrder() + " is not supported; images are RGB");
        }
        return new Preprocessor(size, size, p.mean(), p.std(), p.valueRange());
    }

    /** The encoder with its model replaced, in memory, by the Gram-augmented one. */
    private static LoadedEncoder withGrams(LoadedEncoder encoder, List<String> outputs) {
        ModelProto model;
        try {
            model = encoder.completedModel() != null ? encoder.completedModel() : ModelProto.parseFrom(encoder.modelBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + encoder.onnxFile() + ": " + e.getMessage(), e);
        }
        return new LoadedEncoder(encoder.onnxFile(), encoder.descriptorFile(), encoder.descriptor(), encoder.notes(),
                GramGraph.withGrams(model, outputs));
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

    private static void closeAll(List<EncoderSession> sessions) {
        RuntimeException failure = null;
        for (EncoderSession session : sessions) {
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
