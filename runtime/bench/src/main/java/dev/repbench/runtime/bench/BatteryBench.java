package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.EndTask;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.runtime.analysis.compare.SeparationLine;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether each task is an instrument: the study's protocol run on a strong encoder and on a random initialisation of
 * the same network, next to chance, so a task on which a trained encoder cannot beat random weights shows up here
 * before it feeds correlations and an ANOVA with noise (issue 16).
 *
 * <p>The line a task must pass is {@link SeparationLine}'s, the one the report applies to a study: the strong encoder
 * beats random-init by 0.10 in top-1 or mIoU, or, for error metrics (−L1, 1 − Fl-all), removes at least a fifth of
 * random-init's error; and where chance is known (classification), it beats chance by as much too.
 */
public final class BatteryBench {
    private BatteryBench() {
    }

    /**
     * One task's scores (test at the best validation epoch).
     *
     * @param chance the score of guessing uniformly, NaN where the metric has no simple one
     */
    public record Row(String task, String metric, double chance, double random, double strong) {
        /** @return strong − random, in the metric's units (higher is better for every battery metric) */
        public double gap() {
            return strong - random;
        }

        /** @return random-init's error for error metrics (L1, Fl-all), NaN for scores */
        public double randomError() {
            return SeparationLine.error(metric, random);
        }

        /** @return the gap the task needs: 0.10 for scores, a fifth of random-init's error for error metrics */
        public double requiredGap() {
            return SeparationLine.requiredGap(metric, random);
        }

        /** @return whether the task separates the strong encoder from random-init, and from chance, by the line */
        public boolean separates() {
            return SeparationLine.separates(metric, chance, random, strong);
        }
    }

    /** @return uniform guessing's top-1 for an image-level classification, NaN for anything else */
    public static double chance(EndTask task) {
        if (task.metric().name().equals(Metric.TOP1.name()) && task.output() instanceof OutputSpec.ClassScores(int classes)) {
            return 1.0 / classes;
        }
        return Double.NaN;
    }

    /**
     * Evaluates both encoders on every task with the study's protocol (seed 0), records kept under {@code results} so
     * a rerun only reads them, and prints the table.
     */
    public static List<Row> run(LoadedEncoder strong, LoadedEncoder random, List<EndTask> tasks, Path dataRoot,
                                Path results, Path cache, Device device, int threads, Integer epochs, PrintStream out) {
        FeatureExtractor.Settings settings = FeatureExtractor.Settings.defaults(device, threads);
        FeatureCache features = FeatureCache.open(cache);
        Evaluator strongEvaluator = new Evaluator(ResultStore.open(results.resolve("strong")), features, settings, dataRoot);
        Evaluator randomEvaluator = new Evaluator(ResultStore.open(results.resolve("random")), features, settings, dataRoot);
        out.printf("%-16s %-17s %7s %8s %8s %8s %8s  %s%n", "TASK", "METRIC", "CHANCE", "RANDOM", "STRONG", "GAP",
                "NEEDED", "SEPARATES");
        List<Row> rows = new ArrayList<>();
        for (EndTask task : tasks) {
            ProtocolConfig config = epochs == null ? ProtocolConfig.study(task.defaultEpochs()) : ProtocolConfig.study(epochs);
            double strongScore = strongEvaluator.evaluate(strong, task, config, 0).record().testAtBestValidation();
            double randomScore = randomEvaluator.evaluate(random, task, config, 0).record().testAtBestValidation();
            Row row = new Row(task.name(), task.metric().name(), chance(task), randomScore, strongScore);
            rows.add(row);
            out.printf(Locale.ROOT, "%-16s %-17s %7s %8.3f %8.3f %+8.3f %8.3f  %s%n", row.task(), row.metric(),
                    Double.isNaN(row.chance()) ? "-" : String.format(Locale.ROOT, "%.3f", row.chance()), row.random(),
                    row.strong(), row.gap(), row.requiredGap(), row.separates() ? "yes" : "NO");
            out.flush();
        }
        long passing = rows.stream().filter(Row::separates).count();
        out.printf("%n%d of %d tasks separate the strong encoder from random-init (gap >= %.2f in top-1/mIoU, >= %.0f%% of"
                + " random-init's error in -L1 / 1 - Fl-all, and over chance by as much)%n", passing, rows.size(),
                SeparationLine.SCORE_GAP, 100 * SeparationLine.ERROR_FRACTION);
        return rows;
    }
}
