package dev.repbench.runtime.analysis.stats;

import java.util.List;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * The result of {@link FactorialAnova#fit}: one row per effect in model order (type III starts with
 * {@code Intercept}, as statsmodels), and the residual row, over {@code n} observations.
 */
public record AnovaTable(SumOfSquaresType type, List<AnovaRow> effects, AnovaRow residual, int n) {
    public AnovaTable {
        effects = List.copyOf(effects);
    }

    /** The row of the named term ({@code A}, {@code A:B}, {@code Intercept} or {@code Residual}). */
    public AnovaRow row(String term) {
        if (residual.term().equals(term)) {
            return residual;
        }
        return effects.stream().filter(r -> r.term().equals(term)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no term " + term + " in the " + type + " table: "
                        + effects.stream().map(AnovaRow::term).toList()));
    }

    /**
     * The F an effect with {@code effectDf} degrees of freedom must reach for p < {@code alpha} against this
     * table's residual: with few residual degrees of freedom it is large (161 for one of each at 0.05), which is
     * what a reader of a small study needs to know before reading its p-values.
     */
    public double criticalF(int effectDf, double alpha) {
        if (effectDf <= 0 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("critical F needs effect df > 0 and 0 < alpha < 1, got " + effectDf
                    + ", " + alpha);
        }
        return new FDistribution(null, effectDf, residual.df()).inverseCumulativeProbability(1 - alpha);
    }
}
