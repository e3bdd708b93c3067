package dev.repbench.plugins.pirl;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.augment.Augmentation;
import dev.repbench.plugins.kit.augment.ColorJitter;
import dev.repbench.plugins.kit.augment.HorizontalFlip;
import dev.repbench.plugins.kit.augment.Normalize;
import dev.repbench.plugins.kit.augment.RandomGrayscale;
import dev.repbench.plugins.kit.augment.RandomResizedCrop;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two views PIRL trains on, with the reference's augmentation (VISSL's PIRL config):
 * <ul>
 *   <li>image: a random resized crop of scale 0.08–1, colour jitter (brightness, contrast and saturation 0.4,
 *       hue 0.2, always applied), grey with probability 0.2, horizontal flip with probability 0.5;</li>
 *   <li>jigsaw: a random resized crop of scale 0.6–1, then the same jitter, grey and flip drawn for each of the
 *       nine grid cells independently (the reference applies them to each patch; jittering the cell a patch is
 *       cut from differs only in the contrast's mean, taken over the cell instead of the patch, and a flipped cell
 *       cut at a uniform offset is a flipped patch at a uniform offset).</li>
 * </ul>
 * Both views are then normalised with ImageNet's statistics. Both come out at the loop's image side; the
 * reference's are 224 and 255 px. The reference also applies a random photometric change (VISSL's
 * {@code ImgPilRandomPhotometric}) that the kit lacks; it is left out.
 *
 * @param imageCropMinScale  the smallest area fraction of the image view's crop
 * @param jigsawCropMinScale the smallest area fraction of the jigsaw view's crop
 * @param brightness         colour-jitter strengths
 * @param contrast           …
 * @param saturation         …
 * @param hue                …, at most 0.5
 * @param grayscaleProbability the probability an image (or cell) turns grey
 * @param flipProbability    the probability an image (or cell) is mirrored
 */
public record PirlAugmentation(double imageCropMinScale, double jigsawCropMinScale, double brightness, double contrast,
                               double saturation, double hue, double grayscaleProbability, double flipProbability) {
    public static final String IMAGE_CROP_MIN_SCALE = "image-crop-min-scale";
    public static final String JIGSAW_CROP_MIN_SCALE = "jigsaw-crop-min-scale";
    public static final String BRIGHTNESS = "jitter-brightness";
    public static final String CONTRAST = "jitter-contrast";
    public static final String SATURATION = "jitter-saturation";
    public static final String HUE = "jitter-hue";
    public static final String GRAYSCALE_PROBABILITY = "grayscale-probability";
    public static final String FLIP_PROBABILITY = "flip-probability";

    /** @return the reference's values under their config names */
    public static Map<String, Object> defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(IMAGE_CROP_MIN_SCALE, 0.08);
        values.put(JIGSAW_CROP_MIN_SCALE, 0.6);
        values.put(BRIGHTNESS, 0.4);
        values.put(CONTRAST, 0.4);
        values.put(SATURATION, 0.4);
        values.put(HUE, 0.2);
        values.put(GRAYSCALE_PROBABILITY, 0.2);
        values.put(FLIP_PROBABILITY, 0.5);
        return values;
    }

    /** @return the parameters in {@code config} */
    public static PirlAugmentation from(AlgorithmConfig config) {
        return new PirlAugmentation(config.getDouble(IMAGE_CROP_MIN_SCALE), config.getDouble(JIGSAW_CROP_MIN_SCALE),
                config.getDouble(BRIGHTNESS), config.getDouble(CONTRAST), config.getDouble(SATURATION), config.getDouble(HUE),
                config.getDouble(GRAYSCALE_PROBABILITY), config.getDouble(FLIP_PROBABILITY));
    }

    /** Jitter, grey, flip: what both views apply after their crop (the jigsaw view per cell). */
    private Augmentation photometric() {
        return new ColorJitter(brightness, contrast, saturation, hue, 1.0)
                .then(new RandomGrayscale(grayscaleProbability))
                .then(new HorizontalFlip(flipProbability));
    }

    /** @return the image view at {@code side × side} */
    public Augmentation imageView(int side) {
        return new RandomResizedCrop(side, imageCropMinScale, 1.0).then(photometric()).then(Normalize.IMAGENET);
    }

    /** @return the jigsaw view on {@code grid}'s side, each cell augmented on its own */
    public Augmentation jigsawView(JigsawGrid grid) {
        return new RandomResizedCrop(grid.side(), jigsawCropMinScale, 1.0)
                .then(new CellwiseAugmentation(grid, photometric()))
                .then(Normalize.IMAGENET);
    }
}
