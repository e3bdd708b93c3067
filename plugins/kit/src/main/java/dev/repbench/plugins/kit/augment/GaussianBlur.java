package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.Op;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import java.util.SplittableRandom;

/**
 * With probability {@code p} per image, blurs with a Gaussian of σ drawn uniformly from
 * {@code [sigmaMin, sigmaMax]}, as torchvision's GaussianBlur: a {@code kernelSize²} kernel, the outer product of
 * the normalised 1-D Gaussian sampled at integer offsets, over the image padded by reflection. The whole batch is
 * one grouped convolution (one group per image and channel); images not blurred get a unit impulse kernel, which
 * leaves them exactly unchanged. (MoCo v2 and SwAV blur with PIL's radius instead; SimCLR's and BYOL's kernel is
 * a tenth of the image side, which {@link #kernelSizeFor} gives.)
 *
 * @param p          the probability an image is blurred
 * @param sigmaMin   the smallest σ, in pixels, positive
 * @param sigmaMax   the largest σ, at least {@code sigmaMin}
 * @param kernelSize the kernel's side, odd, at least 3
 */
public record GaussianBlur(double p, double sigmaMin, double sigmaMax, int kernelSize) implements Augmentation {
    private static final Op REFLECTION_PAD = Op.of("aten::reflection_pad2d");

    public GaussianBlur {
        PerImage.probability("blur", p);
        if (!(sigmaMin > 0 && sigmaMax >= sigmaMin)) {
            throw new IllegalArgumentException("blur needs 0 < sigmaMin <= sigmaMax, got " + sigmaMin + ", " + sigmaMax);
        }
        if (kernelSize < 3 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("blur kernel size must be odd and at least 3, got " + kernelSize);
        }
    }

    /** @return about a tenth of {@code side}, made odd, at least 3 (SimCLR's 23 for 224) */
    public static int kernelSizeFor(int side) {
        int size = (int) (side * 0.1);
        if (size % 2 == 0) {
            size++;
        }
        return Math.max(3, size);
    }

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        int batch = PerImage.batchSize(images);
        double[] sigmas = new double[batch];
        for (int i = 0; i < batch; i++) {
            boolean applied = random.nextDouble() < p;
            double sigma = sigmaMin + (sigmaMax - sigmaMin) * random.nextDouble();
            sigmas[i] = applied ? sigma : 0;
        }
        return applyWith(images, sigmas, kernelSize);
    }

    /**
     * Blurs each image with its σ; σ 0 leaves an image unchanged.
     *
     * @param images     {@code [B, C, H, W]}, H and W larger than half the kernel
     * @param sigmas     one σ per image
     * @param kernelSize the kernel side, odd
     * @return the blurred batch
     */
    public static Tensor applyWith(Tensor images, double[] sigmas, int kernelSize) {
        long[] shape = images.shape();
        int channels = Math.toIntExact(shape[1]);
        int area = kernelSize * kernelSize;
        float[] weights = new float[sigmas.length * channels * area];
        for (int i = 0; i < sigmas.length; i++) {
            float[] kernel = kernel2d(sigmas[i], kernelSize);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(kernel, 0, weights, (i * channels + c) * area, area);
            }
        }
        long groups = shape[0] * shape[1];
        Tensor weight = Tensor.of(weights, groups, 1, kernelSize, kernelSize).to(images.device());
        int half = kernelSize / 2;
        Tensor padded = REFLECTION_PAD.call1(images.reshape(1, groups, shape[2], shape[3]), new long[] {half, half, half, half});
        return Functional.conv2d(padded, weight, null, 1, 0, 1, groups).reshape(shape);
    }

    /** torchvision's kernel: the outer product of the normalised 1-D Gaussian; a unit impulse for σ 0. */
    static float[] kernel2d(double sigma, int size) {
        float[] kernel = new float[size * size];
        int half = size / 2;
        if (sigma == 0) {
            kernel[half * size + half] = 1f;
            return kernel;
        }
        float[] line = new float[size];
        float sum = 0;
        for (int k = 0; k < size; k++) {
            float x = (float) (k - half) / (float) sigma;
            line[k] = (float) Math.exp(-0.5f * x * x);
            sum += line[k];
        }
        for (int k = 0; k < size; k++) {
            line[k] /= sum;
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                kernel[y * size + x] = line[y] * line[x];
            }
        }
        return kernel;
    }
}
