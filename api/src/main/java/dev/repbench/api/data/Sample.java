package dev.repbench.api.data;

import java.util.List;
import java.util.Objects;

/**
 * One example: K frames of the same shape (K = 1 for most tasks; 2 for egomotion and flow;
 * 6 for Kinetics action) and its target. A dense target has the frames' height and width.
 *
 * @param frames the images, in temporal order, at least one
 * @param target the ground truth, {@link Unlabelled} if none
 */
public record Sample(List<Image> frames, Target target) {

    /**
     * @throws IllegalArgumentException if there is no frame, the frames differ in shape, or a dense
     *                                  target's size differs from the frames'
     */
    public Sample {
        frames = List.copyOf(frames);
        Objects.requireNonNull(target, "target");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one frame");
        }
        Image first = frames.getFirst();
        for (int i = 1; i < frames.size(); i++) {
            Image f = frames.get(i);
            if (f.channels() != first.channels() || f.height() != first.height() || f.width() != first.width()) {
                throw new IllegalArgumentException("frame " + i + " is " + f + " but frame 0 is " + first
                        + "; all frames of a sample must have one shape");
            }
        }
        if (target instanceof DenseTarget dense
                && (dense.height() != first.height() || dense.width() != first.width())) {
            throw new IllegalArgumentException("dense target is " + dense.height() + "x" + dense.width()
                    + " but the frames are " + first.height() + "x" + first.width());
        }
    }

    /**
     * A single-frame sample.
     *
     * @param image  the image
     * @param target its ground truth
     * @return the sample
     */
    public static Sample of(Image image, Target target) {
        return new Sample(List.of(image), target);
    }

    /** @return the first (for single-frame tasks, the only) frame */
    public Image image() {
        return frames.getFirst();
    }

    /** @return the number of frames K */
    public int frameCount() {
        return frames.size();
    }
}
