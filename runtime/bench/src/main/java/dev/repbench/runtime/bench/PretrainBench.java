package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.plugins.kit.bench.BaselineBenchmark;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.PretrainJob;
import dev.repbench.runtime.pretrain.PretrainRunner;
import dev.repbench.torch.Torch;
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
                           PrintStream out) throws IOException, InterruptedException {
        run(registry, algorithms, architecture, batch, side, steps, device, threads, dataRoot, baseline,
                TrainStepBench.Peaks.none(), 0, out);
    }

    /** As the overload with {@code busyRepeats} 0: fp32 and, where the device has it, bf16 throughput. */
    public static void run(PluginRegistry registry, List<String> algorithms, String architecture, int batch, int side,
                           int steps, Device device, int threads, Path dataRoot, BaselineBenchmark.Settings baseline,
                           TrainStepBench.Peaks peaks, PrintStream out) throws IOException, InterruptedException {
        run(registry, algorithms, architecture, batch, side, steps, device, threads, dataRoot, baseline, peaks, 0, out);
    }

    /**
     * Times each algorithm in fp32 and, where the device has it, bf16; with {@code busyRepeats > 0}, instead each
     * algorithm is timed that many times idle and, right after each, with one busy process beside it (a shell spinning
     * in a loop, not pinned), and the ratio printed: what a pretraining keeps of its speed when another job takes a
     * core. The baselines (b) are left out then.
     */
    public static void run(PluginRegistry registry, List<String> algorithms, String architecture, int batch, int side,
                           int steps, Device device, int threads, Path dataRoot, BaselineBenchmark.Settings baseline,
                           TrainStepBench.Peaks peaks, int busyRepeats, PrintStream out)
            throws IOException, InterruptedException {
        Path temp = Files.createTempDirectory("repbench-bench-pretrain");
        List<Precision> precisions = TrainingPrecision.of(Precision.BF16, device).effective() == Precision.BF16
                ? List.of(Precision.FP32, Precision.BF16) : List.of(Precision.FP32);
        try {
            out.printf("(a) pretraining throughput through the SPI: batch %d, side %d, %d steps, %s on %s, %d threads%n",
                    batch, side, steps, architecture, device, threads);
            if (busyRepeats > 0) {
                busyCore(registry, algorithms, architecture, batch, side, steps, device, threads, dataRoot, busyRepeats,
                        temp, out);
                return;
            }
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
                        double loss = last[0].loss();   // NaN: a pass without a loss (random-init's statistics)
                        out.printf(Locale.ROOT, "%-12s %-5s %12.1f %10s %12s%n", algorithm.name(), precision, imagesPerSecond,
                                Double.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.4f", loss),
                                precision == Precision.FP32 ? "" : String.format(Locale.ROOT, "%.2f x", imagesPerSecond / fp32));
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
            AtomicFiles.deleteTree(temp);
        }
    }

    private static void busyCore(PluginRegistry registry, List<String> algorithms, String architecture, int batch,
                                 int side, int steps, Device device, int threads, Path dataRoot, int repeats, Path temp,
                                 PrintStream out) throws IOException {
        out.printf("libtorch's OpenMP threads: %s; %d cores available to this process; load average %s%n",
                Torch.openMpPolicy(), Runtime.getRuntime().availableProcessors(), loadAverage());
        out.printf("idle, then with one busy process beside it (sh spinning, not pinned), %d time(s) each%n", repeats);
        out.printf("%-12s %4s %12s %12s %7s  %s%n", "ALGORITHM", "RUN", "IDLE IMG/S", "BUSY IMG/S", "RATIO", "LOAD AVERAGE (1 min)");
        for (LoadedProvider<?> algorithm : registry.algorithms()) {
            if (!algorithms.isEmpty() && !algorithms.contains(algorithm.name())) {
                continue;
            }
            imagesPerSecond(registry, algorithm.name(), architecture, batch, side, steps, device, threads, dataRoot,
                    temp.resolve(algorithm.name() + "-warm-up"));   // untimed: class loading, first allocations
            double idleSum = 0;
            double busySum = 0;
            for (int r = 1; r <= repeats; r++) {
                String loadBefore = loadAverage().split(" ")[0];
                double idle = imagesPerSecond(registry, algorithm.name(), architecture, batch, side, steps, device,
                        threads, dataRoot, temp.resolve(algorithm.name() + "-idle-" + r));
                Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
                double busyRate;
                try {
                    busyRate = imagesPerSecond(registry, algorithm.name(), architecture, batch, side, steps, device,
                            threads, dataRoot, temp.resolve(algorithm.name() + "-busy-" + r));
                } finally {
                    busy.destroyForcibly();
                }
                String loadAfter = loadAverage().split(" ")[0];
                idleSum += idle;
                busySum += busyRate;
                out.printf(Locale.ROOT, "%-12s %4d %12.1f %12.1f %7.2f  %s -> %s%n", algorithm.name(), r, idle, busyRate,
                        busyRate / idle, loadBefore, loadAfter);
                out.flush();
            }
            if (repeats > 1) {
                out.printf(Locale.ROOT, "%-12s %4s %12.1f %12.1f %7.2f%n", algorithm.name(), "mean", idleSum / repeats,
                        busySum / repeats, busySum / idleSum);
            }
        }
    }

    private static double imagesPerSecond(PluginRegistry registry, String algorithm, String architecture, int batch,
                                          int side, int steps, Device device, int threads, Path dataRoot, Path folder) {
        TrainingProgress[] last = new TrainingProgress[1];
        PretrainJob job = new PretrainJob(algorithm, "fashion-mnist", "subsample:" + (batch * steps), architecture, 1, 0,
                Map.of("batch-size", batch, "image-side", side), device, threads, dataRoot, folder, 0, 0);
        PretrainRunner.run(job, registry, p -> last[0] = p);
        return last[0].imagesPerSecond();
    }

    /** /proc/loadavg's three averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
