package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.plugins.kit.bench.BaselineBenchmark;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.PretrainJob;
import dev.repbench.runtime.pretrain.PretrainRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Pretraining throughput: (a) every registered algorithm through the SPI, the whole step as a user runs it (loader,
 * augmentations on the device, forward, loss, backward, optimiser, the method's own updates), on a Fashion-MNIST
 * subsample; (b) every {@link BaselineBenchmark} a plugin contributes, e.g. MoCo v2's step against the same step in
 * PyTorch, both measured in this run.
 */
public final class PretrainBench {
    private PretrainBench() {
    }

    /**
     * @param algorithms   the algorithms to time (all registered when empty)
     * @param architecture the encoder every algorithm trains, e.g. {@code resnet18-small}
     * @param steps        optimiser steps per algorithm; the images per second of the last progress report count
     */
    public static void run(PluginRegistry registry, List<String> algorithms, String architecture, int batch, int side,
                           int steps, Device device, int threads, Path dataRoot, BaselineBenchmark.Settings baseline,
                           PrintStream out) throws IOException {
        Path temp = Files.createTempDirectory("repbench-bench-pretrain");
        try {
            out.printf("(a) pretraining throughput through the SPI: batch %d, side %d, %d steps, %s on %s, %d threads%n",
                    batch, side, steps, architecture, device, threads);
            out.printf("%-12s %12s %10s%n", "ALGORITHM", "IMAGES/S", "LOSS");
            for (LoadedProvider<?> algorithm : registry.algorithms()) {
                if (!algorithms.isEmpty() && !algorithms.contains(algorithm.name())) {
                    continue;
                }
                TrainingProgress[] last = new TrainingProgress[1];
                PretrainJob job = new PretrainJob(algorithm.name(), "fashion-mnist", "subsample:" + (batch * steps),
                        architecture, 1, 0, Map.of("batch-size", batch, "image-side", side), device, threads, dataRoot,
                        temp.resolve(algorithm.name()), 0, 0);
                try {
                    PretrainRunner.run(job, registry, p -> last[0] = p);
                    out.printf(Locale.ROOT, "%-12s %12.1f %10.4f%n", algorithm.name(), last[0].imagesPerSecond(), last[0].loss());
                } catch (RuntimeException e) {
                    out.printf("%-12s failed: %s%n", algorithm.name(), e.getMessage());
                }
                out.flush();
            }
            out.printf("%n(b) plugins' steps against their reference implementations, same run: batch %d, side %d, %s on %s%n",
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
