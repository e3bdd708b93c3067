package dev.repbench.runtime.analysis.stats;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Pearson and Spearman correlation matrices between tasks across encoders (PAPER.md analysis 2), with the
 * two-sided p-value of the t test with n − 2 degrees of freedom, as scipy's {@code pearsonr} and
 * {@code spearmanr}:
 * <pre>
 *   t = r √((n − 2) / (1 − r²)),   p = P(|T_{n−2}| ≥ |t|) = I_{1−r²}((n − 2)/2, 1/2)
 * </pre>
 * (the regularized incomplete beta form of the t tail, exact and free of {@code 1 − cdf} cancellation).
 * Spearman's ρ is Pearson's r of the ranks, ties given their average rank (as {@code scipy.stats.rankdata}).
 * <p>
 * Missing scores ({@code NaN}) are refused with an error that names every encoder and its missing tasks, rather
 * than computed pairwise-complete: a correlation matrix whose cells rest on different encoder sets is easy to
 * misread, and the study's tables are complete. A task whose scores are all equal has no correlation; it is
 * named in the error too. At least 3 encoders are needed (n − 2 ≥ 1).
 */
public final class TaskCorrelations {
    private TaskCorrelations() {}

    /** Pearson's r and its p-value for every pair of tasks. */
    public static CorrelationMatrix pearson(ScoreTable table) {
        return matrix(table, CorrelationMatrix.Method.PEARSON);
    }

    /** Spearman's ρ (ties averaged) and its p-value for every pair of tasks. */
    public static CorrelationMatrix spearman(ScoreTable table) {
        return matrix(table, CorrelationMatrix.Method.SPEARMAN);
    }

    /** Pearson's r of two equally long samples, centred in two passes, in float64. */
    public static double pearsonR(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("samples differ in length: " + x.length + " vs " + y.length);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return Math.max(-1, Math.min(1, r)); // rounding may step just outside [−1, 1]
    }

    /** The two-sided p-value of correlation {@code r} over {@code n} pairs under the t test with n − 2 df. */
    public static double twoSidedP(double r, int n) {
        if (n < 3) {
            throw new IllegalArgumentException("a correlation's p-value needs at least 3 pairs, got " + n);
        }
        double abs = Math.abs(r);
        if (abs >= 1) {
            return 0;
        }
        double oneMinusR2 = (1 - abs) * (1 + abs); // more accurate than 1 − r² when |r| is near 1
        return Beta.regularizedBeta(oneMinusR2, (n - 2) / 2.0, 0.5);
    }

    /**
     * The smallest |r| over {@code n} pairs whose two-sided p-value ({@link #twoSidedP}) is below {@code alpha}:
     * r = t / √(n − 2 + t²) with t the t distribution's 1 − alpha/2 quantile at n − 2 degrees of freedom. What a
     * matrix over few encoders can show: with 4, only |r| ≥ 0.950 is significant at 0.05.
     */
    public static double criticalR(int n, double alpha) {
        if (n < 3 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("critical r needs at least 3 pairs and 0 < alpha < 1, got " + n + ", "
                    + alpha);
        }
        double t = new TDistribution(null, n - 2).inverseCumulativeProbability(1 - alpha / 2);
        return t / Math.sqrt(n - 2 + t * t);
    }

    private static CorrelationMatrix matrix(ScoreTable table, CorrelationMatrix.Method method) {
        List<String> missing = table.missingCells();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("scores are missing (NaN), correlations need a complete table; "
                    + "missing per encoder: " + String.join("; ", missing));
        }
        int n = table.encoders().size();
        if (n < 3) {
            throw new IllegalArgumentException("correlations across encoders need at least 3 encoders, the table has "
                    + n + ": " + table.encoders());
        }
        int k = table.tasks().size();
        double[][] columns = new double[k][];
        List<String> constant = new ArrayList<>();
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
        for (int j = 0; j < k; j++) {
            double[] c = table.column(j);
            if (isConstant(c)) {
                constant.add(table.tasks().get(j) + " (all " + c[0] + ")");
            }
            columns[j] = method == CorrelationMatrix.Method.SPEARMAN ? ranking.rank(withoutNegativeZero(c)) : c;
        }
        if (!constant.isEmpty()) {
            throw new IllegalArgumentException("correlation undefined for tasks with the same score on every encoder: "
                    + String.join(", ", constant));
        }
        double[][] r = new double[k][k];
        double[][] p = new double[k][k];
        for (int a = 0; a < k; a++) {
            r[a][a] = 1;
            for (int b = a + 1; b < k; b++) {
                r[a][b] = pearsonR(columns[a], columns[b]);
                r[b][a] = r[a][b];
                p[a][b] = twoSidedP(r[a][b], n);
                p[b][a] = p[a][b];
            }
        }
        return new CorrelationMatrix(method, table.tasks(), r, p, n);
    }

    /**
     * −0.0 as 0.0: NaturalRanking orders by {@code Double.compare}, which puts −0.0 below 0.0, while they are equal
     * scores and must tie (rounded scores produce −0.0).
     */
    private static double[] withoutNegativeZero(double[] values) {
        double[] c = new double[values.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = values[i] + 0.0; // −0.0 + 0.0 = +0.0; every other value is unchanged
        }
        return c;
    }

    private static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double correction = 0; // second pass: removes the first pass's rounding of the mean
        for (double v : values) {
            correction += v - mean;
        }
        return mean + correction / values.length;
    }
}
