package dev.repbench.runtime.analysis.stats;

/**
 * How {@link FactorialAnova} attributes sums of squares to terms when the design is unbalanced (all three agree on
 * balanced designs). RSS(M) is the residual sum of squares of the least-squares fit of model M.
 */
public enum SumOfSquaresType {
    /** Sequential: SS(T) = RSS(terms before T) − RSS(terms before T, and T). Depends on the term order. */
    TYPE_I,
    /**
     * Marginal, respecting hierarchy: SS(T) = RSS(M₋) − RSS(M₋ + T), with M₋ all terms that do not contain T
     * (Langsrud 2003; R's car::Anova and statsmodels' typ=2).
     */
    TYPE_II,
    /**
     * Each term last: SS(T) = RSS(full − T) − RSS(full), the intercept included as a term. Meaningful only with
     * sum-to-zero (effect) coding, which {@link FactorialAnova} always uses.
     */
    TYPE_III
}
