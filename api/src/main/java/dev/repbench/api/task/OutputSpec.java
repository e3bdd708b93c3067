package dev.repbench.api.task;

/**
 * What a task's head must output per sample (image-level) or per pixel (pixelwise).
 */
public sealed interface OutputSpec {

    /**
     * Scores over classes: image classification, or per-pixel segmentation.
     *
     * @param classes number of classes, at least 2; labels are {@code 0..classes-1}
     */
    record ClassScores(int classes) implements OutputSpec {
        /**
         * @throws IllegalArgumentException if fewer than 2 classes
         */
        public ClassScores {
            if (classes < 2) {
                throw new IllegalArgumentException("a classification output needs at least 2 classes, got " + classes);
            }
        }

        @Override
        public boolean fits(TaskCategory category) {
            return true;
        }
    }

    /**
     * Real values per pixel: 1 channel for depth, 2 for optical flow.
     *
     * @param channels values per pixel, at least 1
     */
    record Values(int channels) implements OutputSpec {
        /**
         * @throws IllegalArgumentException if fewer than 1 channel
         */
        public Values {
            if (channels < 1) {
                throw new IllegalArgumentException("a value output needs at least 1 channel, got " + channels);
            }
        }

        @Override
        public boolean fits(TaskCategory category) {
            return category.isPixelwise();
        }
    }

    /**
     * Whether this output makes sense for a task of {@code category}; dense regression exists
     * only for pixelwise tasks.
     *
     * @param category the task's category
     * @return true if compatible
     */
    boolean fits(TaskCategory category);
}
