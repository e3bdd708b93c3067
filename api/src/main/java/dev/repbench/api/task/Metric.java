package dev.repbench.api.task;

import java.util.Objects;

/**
 * The score a task reports on its test split. The study's metrics are all oriented so that higher
 * is better (hence −L1 and 1 − Fl-all); a task author with another metric defines their own
 * instance and states its direction.
 *
 * @param name        stable id stored in result records, e.g. {@code top1}
 * @param direction   which way is better
 * @param description one line saying exactly what is measured
 */
public record Metric(String name, Direction direction, String description) {

    /** Which way a metric improves. */
    public enum Direction {
        /** Larger values are better (accuracy, mIoU). */
        HIGHER_IS_BETTER,
        /** Smaller values are better (errors). */
        LOWER_IS_BETTER
    }

    /** Top-1 accuracy: the fraction of test samples whose highest-scoring class is the label. */
    public static final Metric TOP1 = new Metric("top1", Direction.HIGHER_IS_BETTER,
            "top-1 accuracy: fraction of test samples whose highest-scoring class is the label");

    /** Mean intersection over union over classes, ignored pixels excluded. */
    public static final Metric MIOU = new Metric("miou", Direction.HIGHER_IS_BETTER,
            "mean over classes of intersection over union, ignored pixels excluded");

    /** Minus the mean absolute error over valid pixels (depth). */
    public static final Metric NEG_L1 = new Metric("neg-l1", Direction.HIGHER_IS_BETTER,
            "minus the mean absolute error over valid pixels");

    /**
     * One minus KITTI's Fl-all: the fraction of valid pixels whose flow end-point error is at most
     * 3 px or at most 5 % of the true flow's magnitude.
     */
    public static final Metric ONE_MINUS_FL_ALL = new Metric("one-minus-fl-all", Direction.HIGHER_IS_BETTER,
            "1 - Fl-all: fraction of valid pixels whose flow end-point error is <= 3 px or <= 5 % of the true magnitude");

    /**
     * @throws IllegalArgumentException if the name is blank
     */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(description, "description");
        if (name.isBlank()) {
            throw new IllegalArgumentException("metric name must not be blank");
        }
    }

    /**
     * Whether {@code candidate} is strictly better than {@code incumbent} under this metric's
     * direction. NaN is never better, and any number is better than NaN.
     *
     * @param candidate the new value
     * @param incumbent the value to beat
     * @return true if strictly better
     */
    public boolean isBetter(double candidate, double incumbent) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(incumbent)) {
            return true;
        }
        return direction == Direction.HIGHER_IS_BETTER ? candidate > incumbent : candidate < incumbent;
    }
}
