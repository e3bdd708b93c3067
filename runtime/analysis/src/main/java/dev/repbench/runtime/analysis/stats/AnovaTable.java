package dev.repbench.runtime.analysis.stats;

import java.util.List;

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
}
