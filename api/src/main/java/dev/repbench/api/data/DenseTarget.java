package dev.repbench.api.data;

/**
 * A target with one entry per pixel, at the same height and width as the sample's frames.
 */
public sealed interface DenseTarget extends Target permits LabelMap, ScalarMap, FlowMap {

    /** @return rows */
    int height();

    /** @return columns */
    int width();

    /**
     * Whether pixel (y, x) has ground truth; pixels without it count neither in the loss nor in the metric.
     *
     * @param y row
     * @param x column
     * @return true if valid
     */
    boolean isValid(int y, int x);
}
