package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/**
 * With probability {@code p} per image (torchvision's {@code RandomApply([ColorJitter(...)], p)}), changes
 * brightness, contrast, saturation and hue by factors drawn per image, in an order drawn per image, as
 * torchvision's ColorJitter does:
 * <ul>
 *   <li>brightness {@code f ∈ [max(0, 1−b), 1+b]}: {@code clamp(f·x)};</li>
 *   <li>contrast {@code f ∈ [max(0, 1−c), 1+c]}: {@code clamp(f·x + (1−f)·mean(luma(x)))}, one mean per image;</li>
 *   <li>saturation {@code f ∈ [max(0, 1−s), 1+s]}: {@code clamp(f·x + (1−f)·luma(x))};</li>
 *   <li>hue {@code h ∈ [−hue, hue]}: <b>not</b> torchvision's HSV shift but a rotation of the RGB cube by
 *       {@code 2πh} about the grey axis (one 3×3 matrix per image, one batched matmul), then clamped. It turns
 *       colours round the hue circle by about the same amount, keeps grey grey, and is cheaper on a batch.</li>
 * </ul>
 * The four operations run in four rounds; in each round every image applies the operation its order puts
 * there, the others get an identity factor (1, or angle 0), which leaves their pixels exactly unchanged.
 *
 * @param brightness the brightness strength b, 0 for none
 * @param contrast   the contrast strength c, 0 for none
 * @param saturation the saturation strength s, 0 for none
 * @param hue        the hue strength, in [0, 0.5], 0 for none
 * @param p          the probability an image is jittered at all
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue, double p) implements Augmentation {
    private static final int BRIGHTNESS = 0;
    private static final int CONTRAST = 1;
    private static final int SATURATION = 2;
    private static final int HUE = 3;

    public ColorJitter {
        if (!(brightness >= 0 && contrast >= 0 && saturation >= 0 && hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("jitter strengths must be 0 or more and hue at most 0.5, got "
                    + brightness + ", " + contrast + ", " + saturation + ", " + hue);
        }
        PerImage.probability("colour jitter", p);
    }

    /**
     * One image's jitter: the order of the four operations and their factors (identity when not jittered).
     *
     * @param order      a permutation of 0 (brightness), 1 (contrast), 2 (saturation), 3 (hue)
     * @param brightness the brightness factor
     * @param contrast   the contrast factor
     * @param saturation the saturation factor
     * @param hue        the hue shift, a fraction of the full circle
     */
    public record Factors(int[] order, double brightness, double contrast, double saturation, double hue) {
        /** No change. */
        public static Factors identity() {
            return new Factors(new int[] {0, 1, 2, 3}, 1, 1, 1, 0);
        }
    }

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        int batch = PerImage.batchSize(images);
        Factors[] factors = new Factors[batch];
        for (int i = 0; i < batch; i++) {
            boolean applied = random.nextDouble() < p;
            int[] order = permutation(random);
            double b = uniform(random, Math.max(0, 1 - brightness), 1 + brightness);
            double c = uniform(random, Math.max(0, 1 - contrast), 1 + contrast);
            double s = uniform(random, Math.max(0, 1 - saturation), 1 + saturation);
            double h = uniform(random, -hue, hue);
            factors[i] = applied ? new Factors(order, b, c, s, h) : Factors.identity();
        }
        return applyWith(images, factors);
    }

    /** Applies the given per-image jitter. */
    public static Tensor applyWith(Tensor images, Factors[] factors) {
        Tensor out = images;
        int batch = factors.length;
        for (int round = 0; round < 4; round++) {
            double[][] perOperation = new double[4][batch];
            boolean[] used = new boolean[4];
            for (int i = 0; i < batch; i++) {
                int operation = factors[i].order()[round];
                perOperation[BRIGHTNESS][i] = 1;
                perOperation[CONTRAST][i] = 1;
                perOperation[SATURATION][i] = 1;
                perOperation[HUE][i] = 0;
                double value = switch (operation) {
                    case BRIGHTNESS -> factors[i].brightness();
                    case CONTRAST -> factors[i].contrast();
                    case SATURATION -> factors[i].saturation();
                    default -> factors[i].hue();
                };
                perOperation[operation][i] = value;
                used[operation] |= value != (operation == HUE ? 0 : 1);
            }
            if (used[BRIGHTNESS]) {
                out = brightness(out, perOperation[BRIGHTNESS]);
            }
            if (used[CONTRAST]) {
                out = contrast(out, perOperation[CONTRAST]);
            }
            if (used[SATURATION]) {
                out = saturation(out, perOperation[SATURATION]);
            }
            if (used[HUE]) {
                out = hue(out, perOperation[HUE]);
            }
        }
        return out == images ? images.clone() : out;
    }

    /** torchvision's adjust_brightness, one factor per image. */
    public static Tensor brightness(Tensor images, double[] factors) {
        return images.mul(PerImage.column(factors, images)).clamp(0, 1);
    }

    /** torchvision's adjust_contrast, one factor per image. */
    public static Tensor contrast(Tensor images, double[] factors) {
        Tensor mean = RandomGrayscale.luma(images).mean(new long[] {1, 2, 3}, true);
        return blend(images, mean, factors);
    }

    /** torchvision's adjust_saturation, one factor per image. */
    public static Tensor saturation(Tensor images, double[] factors) {
        return blend(images, RandomGrayscale.luma(images), factors);
    }

    /** Rotates each image's colours about the grey axis by {@code 2π·shift}, then clamps to [0, 1]. */
    public static Tensor hue(Tensor images, double[] shifts) {
        int batch = shifts.length;
        float[] matrices = new float[batch * 9];
        double third = 1.0 / 3.0;
        double root = Math.sqrt(third);
        for (int i = 0; i < batch; i++) {
            double angle = 2 * Math.PI * shifts[i];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            // Rodrigues' formula for the unit axis (1, 1, 1)/√3.
            double diagonal = cos + third * (1 - cos);
            double plus = third * (1 - cos) + root * sin;
            double minus = third * (1 - cos) - root * sin;
            double[] m = {diagonal, minus, plus, plus, diagonal, minus, minus, plus, diagonal};
            for (int k = 0; k < 9; k++) {
                matrices[i * 9 + k] = (float) m[k];
            }
        }
        long[] shape = images.shape();
        Tensor rotation = Tensor.of(matrices, batch, 3, 3).to(images.device());
        Tensor flat = images.reshape(shape[0], 3, shape[2] * shape[3]);
        return rotation.bmm(flat).reshape(shape).clamp(0, 1);
    }

    /** torchvision's _blend: {@code clamp(f·x + (1−f)·other)}. */
    private static Tensor blend(Tensor images, Tensor other, double[] factors) {
        double[] complements = new double[factors.length];
        for (int i = 0; i < factors.length; i++) {
            complements[i] = 1.0 - factors[i];
        }
        Tensor a = images.mul(PerImage.column(factors, images));
        Tensor b = other.mul(PerImage.column(complements, images));
        return a.add(b).clamp(0, 1);
    }

    private static int[] permutation(SplittableRandom random) {
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low == high ? low : low + (high - low) * random.nextDouble();
    }
}
