package dev.repbench.runtime.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.analysis.cka.CkaMatrixAccumulator;
import dev.repbench.runtime.analysis.cka.CkaRunner;
import dev.repbench.runtime.analysis.cka.GramGraph;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cost of CKA over all pairs of an encoder's block outputs and its embedding (PAPER.md analysis 7: 10,000 images at 112²), split
 * into the encoder's forward pass and the Gram work that CKA adds:
 * <ul>
 *   <li>end to end: {@link CkaRunner} on Fashion-MNIST's test images (wall time, time in ONNX Runtime, loader
 *       wait, and the rest: Java's HSIC accumulation);</li>
 *   <li>per batch, on the same session settings: the forward pass alone (the plain model, embedding out) against
 *       forward + Grams (the Gram-augmented model of {@link GramGraph}), and the Java accumulation of one batch's
 *       Grams; the run's time in ONNX Runtime is split by that per-batch share, and the Gram work is the Grams'
 *       part plus the accumulation;</li>
 *   <li>the feature-space form the study's code used, ‖YᵀX‖²_F over flattened features of all images, timed with
 *       libtorch's BLAS on a subset of images and extrapolated to all images and layer pairs by its FLOP count.</li>
 * </ul>
 */
public final class CkaBench {
    /** Columns of one tile of YᵀX in the feature-space timing: big enough for BLAS speed, small in memory. */
    private static final int TILE = 4096;

    public record Config(String arch, int images, int batch, int size, int threads, int workers, int warmup, int steps,
                  int subset, Path dataRoot) {
    }

    private CkaBench() {
    }

    public static void run(Config c, PrintStream out) throws IOException {
        Path temp = Files.createTempDirectory("repbench-bench-cka");
        try {
            LoadedEncoder encoder = BenchEncoders.randomInit(c.arch(), c.size(), temp.resolve("encoder"));
            List<String> outputs = BenchArchitectures.blocksAndEmbedding(BenchArchitectures.any(c.arch()).layout());
            long[] widths = outputs.stream().mapToLong(o -> width(encoder.descriptor().outputs().get(o), c.size())).toArray();
            out.printf("%s random init, %dx%d, batch %d, %d ONNX Runtime threads, %d loader worker(s), ONNX Runtime %s%n",
                    c.arch(), c.size(), c.size(), c.batch(), c.threads(), c.workers(), OnnxEngine.version());
            out.printf("outputs %s, flattened widths %s%n", outputs, java.util.Arrays.toString(widths));

            PerBatch perBatch = perBatch(encoder, c, outputs);
            CkaRunner.Result e2e = endToEnd(encoder, c, outputs);
            int batches = e2e.batches();
            double javaRest = e2e.seconds() - e2e.encoderSeconds() - e2e.loaderWaitSeconds();
            out.printf("%nend to end (CkaRunner, %s test): %d images in %d batches: wall %.2f s = ONNX Runtime %.2f s"
                            + " + loader wait %.2f s + Java (HSIC accumulation, setup) %.2f s%n", FashionMnistSplits.NAME,
                    e2e.images(), batches, e2e.seconds(), e2e.encoderSeconds(), e2e.loaderWaitSeconds(), javaRest);
            out.printf("per batch of %d (median of %d): forward alone %.1f ms, forward + %d Grams %.1f ms,"
                            + " Java accumulation %.1f ms%n", c.batch(), c.steps(), perBatch.forward * 1e3, outputs.size(),
                    perBatch.forwardAndGrams * 1e3, perBatch.accumulate * 1e3);
            // The run's time in ONNX Runtime, apportioned by the per-batch share of the Grams in it.
            double gramShare = Math.max(0, perBatch.forwardAndGrams - perBatch.forward) / perBatch.forwardAndGrams;
            double forward = e2e.encoderSeconds() * (1 - gramShare);
            double gramsInOrt = e2e.encoderSeconds() * gramShare;
            double accumulation = batches * perBatch.accumulate;
            double gramWork = gramsInOrt + accumulation;
            double ratio = gramWork / forward;
            out.printf("split of the run: forward ≈ %.2f s, Gram work ≈ %.2f s (Grams in ONNX Runtime %.2f s + Java"
                    + " accumulation %.2f s)%n", forward, gramWork, gramsInOrt, accumulation);
            out.printf("ratio Gram work / forward %.1f %% (goal < 25 %%)%s%n", 100 * ratio, ratio < 0.25 ? "" : "  ABOVE GOAL");

            FeatureSpace feature = featureSpace(widths, c);
            out.printf("%nfeature-space form (ViRB): ‖YᵀX‖²_F per layer pair over all %d images: %.3g GFLOP for the %d"
                            + " pairs (self pairs included)%n", e2e.images(), feature.gflop(e2e.images()),
                    outputs.size() * (outputs.size() + 1) / 2);
            out.printf("  libtorch BLAS (%d threads) on %d images × %d-column tiles: %.1f GFLOP/s → ≈ %.0f s extrapolated,"
                            + " and %.1f GB to hold all features in float32%n", Torch.numThreads(), feature.subset,
                    TILE, feature.gflops, feature.gflop(e2e.images()) / feature.gflops,
                    e2e.images() * java.util.Arrays.stream(widths).sum() * 4 / 1e9);
            out.printf("  Gram form does the same in ≈ %.2f s of Gram work: %.0fx less%n", gramWork,
                    feature.gflop(e2e.images()) / feature.gflops / Math.max(1e-9, gramWork));
        } finally {
            AtomicFiles.deleteTree(temp);
        }
    }

    /** Flattened width of an output at input side {@code size}: channels × ⌈size / stride⌉². */
    public static long width(EncoderDescriptor.Output output, int size) {
        long channels = ((Number) output.shape().get(1)).longValue();
        if (output.stride() == null) {
            return channels;
        }
        long side = (size + output.stride() - 1) / output.stride();
        return channels * side * side;
    }

    private record PerBatch(double forward, double forwardAndGrams, double accumulate) {
    }

    private static PerBatch perBatch(LoadedEncoder encoder, Config c, List<String> outputs) {
        ModelProto model;
        try {
            model = encoder.completedModel() != null ? encoder.completedModel() : ModelProto.parseFrom(encoder.modelBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + encoder.onnxFile() + ": " + e.getMessage(), e);
        }
        LoadedEncoder gramEncoder = new LoadedEncoder(encoder.onnxFile(), encoder.descriptorFile(), encoder.descriptor(),
                encoder.notes(), GramGraph.withGrams(model, outputs));
        List<String> grams = outputs.stream().map(GramGraph::gramOutput).toList();
        int n = c.batch();
        try (Arena arena = Arena.ofConfined();
             EncoderSession plain = OnnxEngine.open(encoder, Device.CPU, c.threads());
             EncoderSession withGrams = OnnxEngine.open(gramEncoder, Device.CPU, c.threads())) {
            FloatBuffer input = arena.allocate((long) n * 3 * c.size() * c.size() * Float.BYTES, 64).asByteBuffer()
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            SplittableRandom random = new SplittableRandom(0);
            for (int i = 0; i < input.capacity(); i++) {
                input.put(i, (float) random.nextGaussian());
            }
            double[] forward = new double[c.steps()];
            double[] both = new double[c.steps()];
            double[] accumulate = new double[c.steps()];
            for (int i = 0; i < c.warmup(); i++) {
                plain.runWhole(input, n, c.size(), c.size(), List.of("embedding"));
                withGrams.runWhole(input, n, c.size(), c.size(), grams);
            }
            CkaMatrixAccumulator matrix = CkaMatrixAccumulator.within(outputs);
            for (int i = 0; i < c.steps(); i++) { // alternated, so a busy moment on a shared machine hits both
                long t0 = System.nanoTime();
                plain.runWhole(input, n, c.size(), c.size(), List.of("embedding"));
                long t1 = System.nanoTime();
                var values = withGrams.runWhole(input, n, c.size(), c.size(), grams);
                long t2 = System.nanoTime();
                List<double[][]> squares = grams.stream().map(g -> square(values.get(g), n)).toList();
                matrix.add(squares);
                long t3 = System.nanoTime();
                forward[i] = (t1 - t0) / 1e9;
                both[i] = (t2 - t1) / 1e9;
                accumulate[i] = (t3 - t2) / 1e9;
            }
            return new PerBatch(Timing.median(forward), Timing.median(both), Timing.median(accumulate));
        }
    }

    private static CkaRunner.Result endToEnd(LoadedEncoder encoder, Config c, List<String> outputs) {
        try (FashionMnistSplits data = FashionMnistSplits.open(c.dataRoot())) {
            SampleSource test = data.split(Split.TEST);
            return CkaRunner.within(test, encoder, new CkaRunner.Settings(c.images(), c.batch(), c.size(), outputs,
                    Device.CPU, c.threads(), c.workers()));
        }
    }

    /** FLOP count of the feature-space form and the BLAS speed measured for it. */
    private record FeatureSpace(long[] widths, int subset, double gflops) {
        /** 2 · N · Σ_{i ≤ j} p_i p_j: every cross product YᵀX over N images, each layer's XᵀX once. */
        double gflop(int images) {
            double sum = 0;
            for (int i = 0; i < widths.length; i++) {
                for (int j = i; j < widths.length; j++) {
                    sum += (double) widths[i] * widths[j];
                }
            }
            return 2.0 * images * sum / 1e9;
        }
    }

    /** Times tiles of YᵀX (subset × TILE each side) and their squared Frobenius norm with libtorch's BLAS. */
    private static FeatureSpace featureSpace(long[] widths, Config c) {
        Torch.setNumThreads(c.threads());
        Torch.manualSeed(0);
        double[] rates = new double[c.steps()];
        try (Scope scope = Scope.open()) {
            Tensor x = Tensor.randn(c.subset(), TILE);
            Tensor y = Tensor.randn(c.subset(), TILE);
            for (int i = 0; i < c.warmup(); i++) {
                y.t().mm(x).pow(2).sum().item();
            }
            for (int i = 0; i < c.steps(); i++) {
                long t = System.nanoTime();
                y.t().mm(x).pow(2).sum().item();
                double seconds = (System.nanoTime() - t) / 1e9;
                rates[i] = 2.0 * c.subset() * TILE * TILE / 1e9 / seconds;
            }
        }
        return new FeatureSpace(widths, c.subset(), Timing.median(rates));
    }

    private static double[][] square(float[] values, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = values[i * n + j];
            }
        }
        return m;
    }
}
