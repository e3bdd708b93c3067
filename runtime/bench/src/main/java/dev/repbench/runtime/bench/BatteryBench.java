package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.EndTask;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.runtime.analysis.compare.SeparationLine;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultRecord;
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
 * random-init's error; and where chance is known (classification), it beats chance by as much too. With the ceiling
 * ({@link BatteryCeiling}) measured, an instrument also needs the ceiling over random-init and chance by that line.
 */
public final class BatteryBench {
    private BatteryBench() {
    }

    /**
     * One task's scores (test at the best validation epoch).
     *
     * @param chance     the score of guessing uniformly, NaN where the metric has no simple one
     * @param ceiling    the strong encoder's best head ({@link BatteryCeiling}), NaN where not measured
     * @param ceilingRun the run the ceiling was selected from, empty where not measured
     */
    public record Row(String task, String metric, double chance, double random, double strong, double ceiling,
                      String ceilingRun) {
        /** A row without a ceiling. */
        public Row(String task, String metric, double chance, double random, double strong) {
            this(task, metric, chance, random, strong, Double.NaN, "");
        }

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

        /** @return whether the ceiling clears random-init and chance by the same line, false where not measured */
        public boolean ceilingAboveBoth() {
            return !Double.isNaN(ceiling) && SeparationLine.separates(metric, chance, random, ceiling);
        }

        /** @return the instrument: the strong encoder separates, and the ceiling is above both as well */
        public boolean instrument() {
            return separates() && ceilingAboveBoth();
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
     * Evaluates both encoders on every task with the study's protocol (seed 0), and with {@code ceiling} the strong
     * encoder's {@link BatteryCeiling} grid, records kept under {@code results} ({@code strong}, {@code random},
     * {@code ceiling}) so a rerun only reads them, and prints the table.
     */
    public static List<Row> run(LoadedEncoder strong, LoadedEncoder random, List<EndTask> tasks, Path dataRoot,
                                Path results, Path cache, Device device, int threads, Integer epochs, boolean ceiling,
                                PrintStream out) {
        FeatureExtractor.Settings settings = FeatureExtractor.Settings.defaults(device, threads);
        FeatureCache features = FeatureCache.open(cache);
        Evaluator strongEvaluator = new Evaluator(ResultStore.open(results.resolve("strong")), features, settings, dataRoot);
        Evaluator randomEvaluator = new Evaluator(ResultStore.open(results.resolve("random")), features, settings, dataRoot);
        if (ceiling) {
            out.printf("ceiling: the strong encoder's best head, %s%n", CEILING_DEFINITION);
        }
        out.printf("%-16s %-17s %7s %8s %8s %8s %8s %8s  %-9s  %-12s  %s%n", "TASK", "METRIC", "CHANCE", "RANDOM", "STRONG",
                "CEILING", "GAP", "NEEDED", "SEPARATES", "CEILING-OVER", "CEILING-RUN");
        List<Row> rows = new ArrayList<>();
        for (EndTask task : tasks) {
            ProtocolConfig config = ProtocolConfig.study(task, epochs);
            ResultRecord strongRecord = strongEvaluator.evaluate(strong, task, config, 0).record();
            double randomScore = randomEvaluator.evaluate(random, task, config, 0).record().testAtBestValidation();
            BatteryCeiling.Candidate best = ceiling ? BatteryCeiling.measure(strong, task, config, strongRecord,
                    results.resolve("ceiling"), features, settings, dataRoot) : null;
            Row row = new Row(task.name(), task.metric().name(), chance(task), randomScore,
                    strongRecord.testAtBestValidation(), best == null ? Double.NaN : best.test(),
                    best == null ? "" : best.run());
            rows.add(row);
            out.printf(Locale.ROOT, "%-16s %-17s %7s %8.3f %8.3f %8s %+8.3f %8.3f  %-9s  %-12s  %s%n", row.task(),
                    row.metric(), number(row.chance()), row.random(), row.strong(), number(row.ceiling()), row.gap(),
                    row.requiredGap(), row.separates() ? "yes" : "NO",
                    best == null ? "-" : row.ceilingAboveBoth() ? "yes" : "NO", best == null ? "-" : row.ceilingRun());
            out.flush();
        }
        long passing = rows.stream().filter(Row::separates).count();
        out.printf("%n%d of %d tasks separate the strong encoder from random-init (gap >= %.2f in top-1/mIoU, >= %.0f%% of"
                + " random-init's error in -L1 / 1 - Fl-all, and over chance by as much)%n", passing, rows.size(),
                SeparationLine.SCORE_GAP, 100 * SeparationLine.ERROR_FRACTION);
        if (ceiling) {
            long instruments = rows.stream().filter(Row::instrument).count();
            out.printf("%d of %d are instruments: they separate, and the ceiling clears random-init and chance by the same"
                    + " line%n", instruments, rows.size());
        } else {
            out.println("CEILING not measured: --ceiling runs the strong encoder's best-head grid (" + CEILING_DEFINITION + ")");
        }
        return rows;
    }

    /** The ceiling's definition, printed with the table. */
    static final String CEILING_DEFINITION = "the test score, at the best validation, of the run with the best validation"
            + " score among: the STRONG run, and each head the task admits at Adam " + String.join(" and ",
            BatteryCeiling.LEARNING_RATES.stream().map(BatteryCeiling::learningRate).toList()) + " for "
            + BatteryCeiling.EPOCH_FACTOR + "x the epochs";

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
