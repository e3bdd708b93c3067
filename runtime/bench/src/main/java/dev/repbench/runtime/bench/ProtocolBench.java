package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.EndTask;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Our evaluation protocol against ViRB's way of running the encoder, per task, on one encoder.
 *
 * <p>Ours: the encoder runs once over every sample (its outputs go to the feature cache) and the head trains on the
 * cached features. ViRB re-ran the frozen encoder on every training and test sample in every epoch of a pixelwise
 * task. Both are measured here from two evaluations of the same cell: a cold one (empty cache: encoder passes plus
 * head training) and a warm one (full cache: head training alone). Their difference is the cost of one pass over
 * the data; ViRB's wall time is then {@code epochs × pass + head}, extrapolated from the measured parts rather than
 * run, which would take {@code epochs} times longer.
 */
public final class ProtocolBench {
    private ProtocolBench() {
    }

    /** One task's figures. */
    public record Row(String task, int epochs, long samples, int frames, double coldSeconds, double warmSeconds) {
        /** Encoder passes of ours: each sample's frames once. */
        long oursPasses() {
            return samples * frames;
        }

        /** Encoder passes of ViRB's way: every sample's frames in every epoch. */
        long virbPasses() {
            return oursPasses() * epochs;
        }

        double passSeconds() {
            return Math.max(0, coldSeconds - warmSeconds);
        }

        double virbSeconds() {
            return epochs * passSeconds() + warmSeconds;
        }
    }

    public static List<Row> run(LoadedEncoder encoder, List<EndTask> tasks, Path dataRoot, Device device, int threads,
                         Integer epochs, PrintStream out) throws IOException {
        Path temp = Files.createTempDirectory("repbench-bench-protocol");
        try {
            FeatureCache cache = FeatureCache.open(temp.resolve("cache"));
            FeatureExtractor.Settings settings = FeatureExtractor.Settings.defaults(device, threads);
            List<Row> rows = new java.util.ArrayList<>();
            double total = 0;
            out.printf("%-16s %6s %8s %12s %12s %9s %9s %10s %10s %7s%n", "TASK", "EPOCHS", "SAMPLES", "OURS-PASSES",
                    "VIRB-PASSES", "COLD-S", "WARM-S", "OURS-S", "VIRB-S*", "RATIO");
            for (EndTask task : tasks) {
                ProtocolConfig config = ProtocolConfig.study(task, epochs);
                long samples;
                try (TaskDataset data = task.open(TaskContext.of(dataRoot, 0))) {
                    samples = (long) data.split(Split.TRAIN).size() + data.split(Split.VAL).size() + data.split(Split.TEST).size();
                }
                double cold = timed(new Evaluator(ResultStore.open(temp.resolve("cold-" + task.name())), cache, settings, dataRoot),
                        encoder, task, config);
                double warm = timed(new Evaluator(ResultStore.open(temp.resolve("warm-" + task.name())), cache, settings, dataRoot),
                        encoder, task, config);
                Row row = new Row(task.name(), config.epochs(), samples, Math.max(1, task.framesPerSample()), cold, warm);
                rows.add(row);
                total += cold;
                out.printf(Locale.ROOT, "%-16s %6d %8d %12d %12d %9.1f %9.1f %10.1f %10.1f %7.1f%n", row.task(), row.epochs(),
                        row.samples(), row.oursPasses(), row.virbPasses(), cold, warm, cold, row.virbSeconds(),
                        row.virbSeconds() / cold);
                out.flush();
            }
            out.printf(Locale.ROOT, "%nAll %d tasks, cold (encoder passes + heads): %.1f s = %.1f min%n", rows.size(), total, total / 60);
            out.println("* VIRB-S = epochs x (COLD-S - WARM-S) + WARM-S: one pass over the data per epoch, extrapolated from"
                    + " the measured pass; RATIO = VIRB-S / OURS-S.");
            return rows;
        } finally {
            if (Files.exists(temp)) {
                AtomicFiles.deleteTree(temp);
            }
        }
    }

    private static double timed(Evaluator evaluator, LoadedEncoder encoder, EndTask task, ProtocolConfig config) {
        long start = System.nanoTime();
        evaluator.evaluate(encoder, task, config, 0);
        return (System.nanoTime() - start) / 1e9;
    }
}
