package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Op;
import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/**
 * torchvision's RandomResizedCrop: per image, a box whose area is a fraction of the image's drawn uniformly from
 * {@code [scaleMin, scaleMax]} and whose aspect ratio is drawn log-uniformly from [3/4, 4/3], placed uniformly;
 * after 10 failed tries, the central crop of the nearest allowed ratio. Each box is resized to
 * {@code outSide × outSide} bilinearly; the whole batch is one affine grid and one grid sample (half-pixel
 * centres, border padding). Unlike torchvision on tensors, the resize does not antialias, so strong
 * downscaling aliases a little.
 *
 * @param outSide  the output side
 * @param scaleMin the smallest area fraction, in (0, 1]
 * @param scaleMax the largest area fraction, at least {@code scaleMin}
 */
public record RandomResizedCrop(int outSide, double scaleMin, double scaleMax) implements Augmentation {
    private static final double RATIO_MIN = 3.0 / 4.0;
    private static final double RATIO_MAX = 4.0 / 3.0;
    private static final int TRIES = 10;
    private static final Op AFFINE_GRID = Op.of("aten::affine_grid_generator");
    private static final Op GRID_SAMPLER = Op.of("aten::grid_sampler");
    private static final long BILINEAR = 0;
    private static final long BORDER = 1;

    public RandomResizedCrop {
        if (outSide < 1 || !(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException("crop needs a positive side and 0 < scaleMin <= scaleMax <= 1, got "
                    + outSide + ", " + scaleMin + ", " + scaleMax);
        }
    }

    /**
     * A crop box in pixels.
     *
     * @param top    first row
     * @param left   first column
     * @param height rows
     * @param width  columns
     */
    public record Box(int top, int left, int height, int width) {
    }

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        int batch = PerImage.batchSize(images);
        int height = Math.toIntExact(images.size(2));
        int width = Math.toIntExact(images.size(3));
        Box[] boxes = new Box[batch];
        for (int i = 0; i < batch; i++) {
            boxes[i] = drawBox(height, width, random);
        }
        return applyWith(images, boxes, outSide);
    }

    /** torchvision's RandomResizedCrop.get_params. */
    Box drawBox(int height, int width, SplittableRandom random) {
        double area = (double) height * width;
        double logMin = Math.log(RATIO_MIN);
        double logMax = Math.log(RATIO_MAX);
        for (int attempt = 0; attempt < TRIES; attempt++) {
            double targetArea = area * (scaleMin + (scaleMax - scaleMin) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int w = (int) Math.round(Math.sqrt(targetArea * ratio));
            int h = (int) Math.round(Math.sqrt(targetArea / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new Box(top, left, h, w);
            }
        }
        double inputRatio = (double) width / height;
        int w;
        int h;
        if (inputRatio < RATIO_MIN) {
            w = width;
            h = (int) Math.round(w / RATIO_MIN);
        } else if (inputRatio > RATIO_MAX) {
            h = height;
            w = (int) Math.round(h * RATIO_MAX);
        } else {
            w = width;
            h = height;
        }
        return new Box((height - h) / 2, (width - w) / 2, h, w);
    }

    /**
     * Resizes each image's box to {@code outSide²}.
     *
     * @param images  {@code [B, C, H, W]}
     * @param boxes   one box per image
     * @param outSide the output side
     * @return {@code [B, C, outSide, outSide]}
     */
    public static Tensor applyWith(Tensor images, Box[] boxes, int outSide) {
        long[] shape = images.shape();
        double height = shape[2];
        double width = shape[3];
        float[] theta = new float[boxes.length * 6];
        for (int i = 0; i < boxes.length; i++) {
            Box b = boxes[i];
            // Normalised output coordinates u ∈ [−1, 1] (pixel edges) map onto the box's edges in the input.
            theta[i * 6] = (float) (b.width() / width);
            theta[i * 6 + 2] = (float) ((2.0 * b.left() + b.width()) / width - 1);
            theta[i * 6 + 4] = (float) (b.height() / height);
            theta[i * 6 + 5] = (float) ((2.0 * b.top() + b.height()) / height - 1);
        }
        Tensor matrices = Tensor.of(theta, boxes.length, 2, 3).to(images.device());
        Tensor grid = AFFINE_GRID.call1(matrices, new long[] {shape[0], shape[1], outSide, outSide}, false);
        return GRID_SAMPLER.call1(images, grid, BILINEAR, BORDER, false);
    }
}
