package dev.repbench.api.task;

/**
 * The five head architectures trained on top of the frozen encoder (Kotar et al., Section 4.2
 * and Appendix B). Every head is randomly initialised and trained with Adam at learning rate
 * 3e-4, with the same hyperparameters for every encoder.
 */
public enum HeadKind {
    /** Single layer classifier: one fully connected layer on the pooled embedding. */
    LINEAR(false, 1, 1),

    /**
     * Multi-input fusion classifier: one linear module per image of a sequence, their outputs
     * concatenated, then a fusion layer (e.g. 6 frames for Kinetics action, 2 for egomotion).
     */
    MULTI_INPUT_FUSION(false, 2, Integer.MAX_VALUE),

    /**
     * U-Net: convolutions, upsampling and pixel shuffle; after every upsampling the encoder's
     * block output of matching size is added as a residual; the output is h×w.
     */
    UNET(true, 1, 1),

    /**
     * Siamese U-Net: a U-Net over two images; the block outputs of both are fused with a point
     * (1×1) convolution and added to the decoder after every convolution (used for optical flow).
     */
    SIAMESE_UNET(true, 2, 2),

    /**
     * DeepLabv3+: takes block 5, applies dilated convolutions and pyramid pooling, upsamples and
     * adds block 2; the output is n×h×w for n classes.
     */
    DEEPLAB_V3_PLUS(true, 1, 1);

    private final boolean pixelwise;
    private final int minFrames;
    private final int maxFrames;

    HeadKind(boolean pixelwise, int minFrames, int maxFrames) {
        this.pixelwise = pixelwise;
        this.minFrames = minFrames;
        this.maxFrames = maxFrames;
    }

    /**
     * @return true if the head predicts per pixel, and so reads the encoder's block outputs
     *         ({@code block1}..{@code block5}) rather than only the pooled embedding
     */
    public boolean isPixelwise() {
        return pixelwise;
    }

    /**
     * Whether this head can serve a task of {@code category}: pixelwise heads for pixelwise tasks,
     * classifiers for image-level tasks.
     *
     * @param category the task's category
     * @return true if compatible
     */
    public boolean supports(TaskCategory category) {
        return pixelwise == category.isPixelwise();
    }

    /**
     * Whether this head takes samples of {@code frames} images: one for most heads, two or more
     * for {@link #MULTI_INPUT_FUSION}, exactly two for {@link #SIAMESE_UNET}.
     *
     * @param frames images per sample
     * @return true if the head accepts that many
     */
    public boolean acceptsFrames(int frames) {
        return frames >= minFrames && frames <= maxFrames;
    }
}
