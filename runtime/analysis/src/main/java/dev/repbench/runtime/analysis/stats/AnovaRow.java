package dev.repbench.runtime.analysis.stats;

/**
 * One line of an ANOVA table: degrees of freedom, sum of squares, mean square = SS / df, and for effects the
 * F statistic MS / MS_residual and its upper-tail p-value; the residual line has F and p {@code NaN}.
 */
public record AnovaRow(String term, int df, double sumOfSquares, double meanSquare, double f, double p) {}
