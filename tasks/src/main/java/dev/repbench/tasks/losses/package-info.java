/**
 * The end tasks' training losses as pure functions of tensors ({@link dev.repbench.tasks.losses.Losses}), and
 * the rule for which pixels count ({@link dev.repbench.tasks.losses.ValidPixels}), shared with the metrics so a
 * pixel the loss ignores is a pixel the metric ignores.
 */
package dev.repbench.tasks.losses;
