package dev.repbench.plugins.kit.augment;

/**
 * The published augmentation pipelines, for images brought to {@code outSide × outSide}, each ending with
 * ImageNet normalisation ({@link Normalize#IMAGENET}). Blurs use torchvision's kernel with a side of a tenth
 * of the output ({@link GaussianBlur#kernelSizeFor}) and σ in [0.1, 2.0] pixels as the papers state it for 224
 * px; at 32 px that is a strong blur, which is the papers' setting taken literally (SimCLR drops blur on CIFAR).
 */
public final class Augmentations {
    private static final double GREY_P = 0.2;
    private static final double SIGMA_MIN = 0.1;
    private static final double SIGMA_MAX = 2.0;

    private Augmentations() {
    }

    /** The smallest crop of MoCo's views, as a fraction of the image's area: the papers' 0.2. */
    public static final double MOCO_CROP_MIN_SCALE = 0.2;

    /** MoCo v1: crop (0.2–1), grayscale 0.2, jitter 0.4/0.4/0.4/0.4 always, flip. */
    public static Augmentation mocoV1(int outSide) {
        return mocoV1(outSide, MOCO_CROP_MIN_SCALE);
    }

    /** MoCo v1 with crops of {@code cropMinScale}–1 of the image's area. */
    public static Augmentation mocoV1(int outSide, double cropMinScale) {
        return new RandomResizedCrop(outSide, cropMinScale, 1.0)
                .then(new RandomGrayscale(GREY_P))
                .then(new ColorJitter(0.4, 0.4, 0.4, 0.4, 1.0))
                .then(new HorizontalFlip(0.5))
                .then(Normalize.IMAGENET);
    }

    /** MoCo v2 (SimCLR's recipe with MoCo's strengths): crop (0.2–1), jitter 0.4/0.4/0.4/0.1 p 0.8, grey 0.2, blur p 0.5, flip. */
    public static Augmentation mocoV2(int outSide) {
        return mocoV2(outSide, MOCO_CROP_MIN_SCALE);
    }

    /** MoCo v2 with crops of {@code cropMinScale}–1 of the image's area. */
    public static Augmentation mocoV2(int outSide, double cropMinScale) {
        return new RandomResizedCrop(outSide, cropMinScale, 1.0)
                .then(new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.8))
                .then(new RandomGrayscale(GREY_P))
                .then(blur(0.5, outSide))
                .then(new HorizontalFlip(0.5))
                .then(Normalize.IMAGENET);
    }

    /** SimCLR: crop (0.08–1), flip, jitter 0.8/0.8/0.8/0.2 p 0.8, grey 0.2, blur p 0.5. */
    public static Augmentation simclr(int outSide) {
        return new RandomResizedCrop(outSide, 0.08, 1.0)
                .then(new HorizontalFlip(0.5))
                .then(new ColorJitter(0.8, 0.8, 0.8, 0.2, 0.8))
                .then(new RandomGrayscale(GREY_P))
                .then(blur(0.5, outSide))
                .then(Normalize.IMAGENET);
    }

    /**
     * SwAV's multi-crop view: crop with the caller's scales (global 0.14–1 at 224, local 0.05–0.14 at 96 in the
     * paper), flip, its colour distortion (jitter 0.8/0.8/0.8/0.2 p 0.8, grey 0.2), blur p 0.5.
     */
    public static Augmentation swav(int outSide, double scaleMin, double scaleMax) {
        return new RandomResizedCrop(outSide, scaleMin, scaleMax)
                .then(new HorizontalFlip(0.5))
                .then(new ColorJitter(0.8, 0.8, 0.8, 0.2, 0.8))
                .then(new RandomGrayscale(GREY_P))
                .then(blur(0.5, outSide))
                .then(Normalize.IMAGENET);
    }

    /** BYOL's first view: crop (0.08–1), flip, jitter 0.4/0.4/0.2/0.1 p 0.8, grey 0.2, blur always, no solarisation. */
    public static Augmentation byolFirst(int outSide) {
        return byol(outSide, 1.0, 0.0);
    }

    /** BYOL's second view: as the first but blur p 0.1 and solarisation p 0.2. */
    public static Augmentation byolSecond(int outSide) {
        return byol(outSide, 0.1, 0.2);
    }

    /** Light augmentation for supervised training: crop (0.08–1) and flip. */
    public static Augmentation supervised(int outSide) {
        return new RandomResizedCrop(outSide, 0.08, 1.0)
                .then(new HorizontalFlip(0.5))
                .then(Normalize.IMAGENET);
    }

    private static Augmentation byol(int outSide, double blurP, double solarizeP) {
        return new RandomResizedCrop(outSide, 0.08, 1.0)
                .then(new HorizontalFlip(0.5))
                .then(new ColorJitter(0.4, 0.4, 0.2, 0.1, 0.8))
                .then(new RandomGrayscale(GREY_P))
                .then(blur(blurP, outSide))
                .then(new Solarize(solarizeP, 0.5))
                .then(Normalize.IMAGENET);
    }

    private static GaussianBlur blur(double p, int outSide) {
        return new GaussianBlur(p, SIGMA_MIN, SIGMA_MAX, GaussianBlur.kernelSizeFor(outSide));
    }
}
