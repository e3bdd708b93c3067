package dev.repbench.tasks.metrics;

/** How a metric is computed: as defined, or as the study's code (ViRB) computed it. */
public enum MetricMode {
    /** The standard definition, accumulated over the whole test split. */
    STANDARD,
    /**
     * ViRB's own computation where it differs from the standard one: per-batch averages (each {@code add} call is
     * one batch), mIoU per image over the classes present in the batch with class 0 skipped, L1 over every pixel.
     * For numbers comparable with the paper's tables, never for new conclusions.
     */
    VIRB_COMPAT
}
