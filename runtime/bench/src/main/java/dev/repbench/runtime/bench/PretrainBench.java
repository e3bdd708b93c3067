package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.plugins.kit.bench.BaselineBenchmark;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.PretrainJob;
import dev.repbench.runtime.pretrain.PretrainRunner;
import dev.repbench.torch.nn.TrainingPrecision;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Pretraining throughput, fp32 and bf16 in one run: (a) every registered algorithm through the SPI, the whole step as a
 * user runs it (loader, augmentations on the device, forward, loss, backward, optimiser, the method's own updates), on
 * a Fashion-MNIST subsample, in each precision; (b) the supervised algorithm's step without the data (small-image
 * ResNet-18 classifier, SGD) against the same step in PyTorch, fp32 and bf16 + channels-last ({@link TrainStepBench});
 * (c) every {@link BaselineBenchmark} a plugin contributes, e.g. MoCo v2's step against the same step in PyTorch.
 */
public final class PretrainBench {
    private PretrainBench() {
    }

    /**
     * @param algorithms   the algorithms to time (all registered when empty)
     * @param architecture the encoder every algorithm trains, e.g. {@code resnet18-small}
     * @param steps        optimiser steps per algorithm; the images per second of the last progress report count
     * @param peaks        the CPU's peaks, measured in this process, that (b) reports against ({@link
     *                     TrainStepBench.Peaks#none()} on a GPU)
     */
    public static void run(PluginRegistry registry, List<String> algorithms, String architecture, int batch, int side,
                           int steps, Device device, int threads, Path dataRoot, BaselineBenchmark.Settings baseline,
                           TrainStepBench.Peaks peaks, PrintStream out) throws IOException, InterruptedException {
        Path temp = Files.createTempDirectory("repbench-bench-pretrain");
        List<Precision> precisions = TrainingPrecision.of(Precision.BF16, device).effective() == Precision.BF16
                ? List.of(Precision.FP32, Precision.BF16) : List.of(Precision.FP32);
        try {
            out.printf("(a) pretraining throughput through the SPI: batch %d, side %d, %d steps, %s on %s, %d threads%n",
                    batch, side, steps, architecture, device, threads);
            out.printf("%-12s %-5s %12s %10s %12s%n", "ALGORITHM", "PREC", "IMAGES/S", "LOSS", "BF16/FP32");
            for (LoadedProvider<?> algorithm : registry.algorithms()) {
                if (!algorithms.isEmpty() && !algorithms.contains(algorithm.name())) {
                    continue;
                }
                double fp32 = Double.NaN;
                for (Precision precision : precisions) {
                    TrainingProgress[] last = new TrainingProgress[1];
                    PretrainJob job = new PretrainJob(algorithm.name(), "fashion-mnist", "subsample:" + (batch * steps),
                            architecture, 1, 0, Map.of("batch-size", batch, "image-side", side), device, threads, dataRoot,
                            temp.resolve(algorithm.name() + "-" + precision), 0, 0, precision);
                    try {
                        PretrainRunner.run(job, registry, p -> last[0] = p);
                        double imagesPerSecond = last[0].imagesPerSecond();
                        if (precision == Precision.FP32) {
                            fp32 = imagesPerSecond;
                        }
                        out.printf(Locale.ROOT, "%-12s %-5s %12.1f %10.4f %12s%n", algorithm.name(), precision, imagesPerSecond,
                                last[0].loss(), precision == Precision.FP32 ? "" : String.format(Locale.ROOT, "%.2f x",
                                        imagesPerSecond / fp32));
                    } catch (RuntimeException e) {
                        out.printf("%-12s %-5s failed: %s%n", algorithm.name(), precision, e.getMessage());
                    }
                    out.flush();
                }
            }
            out.printf("%n(b) the supervised step without data loading, RepBench against PyTorch in this run:%n");
            TrainStepBench.run(new TrainStepBench.Config(architecture, batch, side, threads, 1, steps, device,
                    baseline.python()), peaks, out);
            out.printf("%n(c) plugins' steps against their reference implementations, same run (fp32): batch %d, side %d, %s on %s%n",
                    baseline.batchSize(), baseline.imageSide(), baseline.architecture(), baseline.device());
            for (BaselineBenchmark benchmark : ServiceLoader.load(BaselineBenchmark.class)) {
                out.printf("%s: %s%n  %s%n", benchmark.name(), benchmark.description(), benchmark.run(baseline));
                out.flush();
            }
        } finally {
            BenchFiles.deleteTree(temp);
        }
    }
}
