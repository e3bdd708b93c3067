package dev.repbench.api.task;

/**
 * A height and width in pixels, e.g. the size a task feeds the encoder (224×224 in the study;
 * 513×513 crops for Cityscapes, EgoHands and KITTI).
 *
 * @param height rows, at least 1
 * @param width  columns, at least 1
 */
public record ImageSize(int height, int width) {

    /**
     * @throws IllegalArgumentException if either side is below 1
     */
    public ImageSize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
    }

    /**
     * A square size.
     *
     * @param side height and width
     * @return the size
     */
    public static ImageSize square(int side) {
        return new ImageSize(side, side);
    }

    /** @return {@code HxW} */
    @Override
    public String toString() {
        return height + "x" + width;
    }
}
