package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run-to-run variation over seeds per (encoder, task) (the study's Appendix G): mean, sample standard deviation,
 * minimum, maximum, and the standard deviation relative to |mean| in percent.
 */
public final class SeedSpread {
    private SeedSpread() {
    }

    /** One evaluated cell's spread over its {@code seeds} runs; std and relative std are NaN for one seed. */
    public record Row(String encoder, String task, int seeds, double mean, double std, double min, double max,
                      double relativeStdPercent) {
    }

    /** Every evaluated cell, encoders then tasks in table order; cells without scores are not rows. */
    public static List<Row> of(ResultTable table) {
        List<Row> rows = new ArrayList<>();
        for (EncoderInfo e : table.encoders()) {
            for (String task : table.tasks()) {
                Map<Long, Double> scores = table.seedScores(e, task);
                if (scores.isEmpty()) {
                    continue;
                }
                double[] v = scores.values().stream().mapToDouble(Double::doubleValue).toArray();
                double mean = Checks.mean(v);
                double std = v.length < 2 ? Double.NaN : Checks.sampleStd(v);
                double min = java.util.Arrays.stream(v).min().orElseThrow();
                double max = java.util.Arrays.stream(v).max().orElseThrow();
                rows.add(new Row(e.label(), task, v.length, mean, std, min, max, 100 * std / Math.abs(mean)));
            }
        }
        return rows;
    }

    /** Whether any cell has more than one seed: otherwise there is no spread to show. */
    public static boolean hasRepeats(List<Row> rows) {
        return rows.stream().anyMatch(r -> r.seeds() > 1);
    }
}
