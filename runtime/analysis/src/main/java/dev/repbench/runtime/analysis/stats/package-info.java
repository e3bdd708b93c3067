/**
 * Statistics over the study's result tables, in float64 with Apache Commons Math 3.6.1 for the special functions.
 * <ul>
 *   <li>{@link dev.repbench.runtime.analysis.stats.TaskCorrelations}: Pearson and Spearman correlation matrices
 *       between tasks across encoders ({@link dev.repbench.runtime.analysis.stats.ScoreTable}), with two-sided
 *       p-values as scipy's {@code pearsonr}/{@code spearmanr} (PAPER.md analysis 2, Figs. 13–14).</li>
 *   <li>{@link dev.repbench.runtime.analysis.stats.FactorialAnova}: factorial ANOVA with main effects and two-way
 *       interactions on unbalanced designs, type I, II and III sums of squares as statsmodels' {@code anova_lm}
 *       (analysis 6, App. F).</li>
 * </ul>
 * Tail probabilities come from the regularized incomplete beta function directly, never as {@code 1 − cdf}, so
 * p-values far below 1e−16 do not underflow to 0.
 */
package dev.repbench.runtime.analysis.stats;
