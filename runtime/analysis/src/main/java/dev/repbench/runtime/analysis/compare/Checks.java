package dev.repbench.runtime.analysis.compare;

import dev.repbench.runtime.analysis.stats.ScoreTable;
import java.util.List;

/** The preconditions comparisons share, each failing with a message that names the encoders and tasks involved. */
final class Checks {
    private Checks() {
    }

    /** Refuses a table with missing (NaN) cells, naming each encoder and its missing tasks. */
    static void requireComplete(ScoreTable table, String comparison) {
        List<String> missing = table.missingCells();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(comparison + " needs every score; missing (not evaluated, or NaN) per encoder: "
                    + String.join("; ", missing));
        }
    }

    /** The self-supervised encoders; refused when there are none. */
    static List<EncoderInfo> selfSupervised(ResultTable table, String comparison) {
        List<EncoderInfo> ssl = table.encoders().stream().filter(EncoderInfo::isSelfSupervised).toList();
        if (ssl.isEmpty()) {
            throw new IllegalArgumentException(comparison + " needs self-supervised encoders (a known algorithm other "
                    + "than supervised or random-init), and none of " + labels(table.encoders()) + " is one");
        }
        return ssl;
    }

    static List<String> labels(List<EncoderInfo> encoders) {
        return encoders.stream().map(EncoderInfo::label).toList();
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The sample standard deviation (n − 1), 0 for a single value. */
    static double sampleStd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }
}
