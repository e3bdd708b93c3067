/**
 * The end tasks' test metrics as accumulators over a whole test split: {@link dev.repbench.tasks.metrics.Top1},
 * {@link dev.repbench.tasks.metrics.MeanIoU}, {@link dev.repbench.tasks.metrics.NegativeL1} and
 * {@link dev.repbench.tasks.metrics.FlowMetrics}. Feed every test batch, from Java arrays or from tensors (the
 * heavy part — argmax, per-pixel errors — runs on the torch side and only counts and sums are copied out), then
 * read {@link dev.repbench.tasks.metrics.MetricAccumulator#score()} once.
 *
 * <p>{@link dev.repbench.tasks.metrics.MetricMode#STANDARD} is the metric as defined (confusion matrix over the
 * set for mIoU, valid pixels only for L1, KITTI's Fl-all). {@link dev.repbench.tasks.metrics.MetricMode#VIRB_COMPAT}
 * reproduces the study's code where it differs, to compare with published numbers; each class says exactly how.
 * Which epoch is reported (ViRB reported the last, choosing on the test set) is the evaluation protocol's
 * business, not a metric's.
 */
package dev.repbench.tasks.metrics;
