package dev.repbench.torch.nn;

import dev.repbench.torch.Op;
import dev.repbench.torch.Tensor;

/**
 * Stateless neural-network operators, each a thin call of one ATen operator with the defaults of
 * {@code torch.nn.functional}. Results belong to the calling thread's current {@link dev.repbench.torch.Scope}.
 *
 * <p>Image tensors are {@code [N, C, H, W]}. Losses take class indices as int64 targets and reduce by the
 * mean unless the method says otherwise.
 */
public final class Functional {
    /** ATen's {@code at::Reduction::Mean}. */
    private static final long REDUCTION_MEAN = 1;
    /** torch.nn.functional's default {@code ignore_index}: no target is ignored. */
    public static final long NO_IGNORE_INDEX = -100;
    /** The {@code eps} of {@code torch.nn.functional.normalize}. */
    public static final double NORMALIZE_EPS = 1e-12;

    private static final Op CONV2D = Op.of("aten::conv2d");
    private static final Op BATCH_NORM = Op.of("aten::batch_norm");
    private static final Op MAX_POOL2D = Op.of("aten::max_pool2d");
    private static final Op ADAPTIVE_AVG_POOL2D = Op.of("aten::adaptive_avg_pool2d");
    private static final Op LINEAR = Op.of("aten::linear");
    private static final Op DROPOUT = Op.of("aten::dropout");
    private static final Op RELU = Op.of("aten::relu");
    private static final Op RELU_ = Op.of("aten::relu_");
    private static final Op LEAKY_RELU = Op.of("aten::leaky_relu");
    private static final Op PIXEL_SHUFFLE = Op.of("aten::pixel_shuffle");
    private static final Op UPSAMPLE_BILINEAR2D = Op.of("aten::upsample_bilinear2d");
    private static final Op UPSAMPLE_NEAREST2D = Op.of("aten::upsample_nearest2d");
    private static final Op CROSS_ENTROPY = Op.of("aten::cross_entropy_loss");
    private static final Op NLL_LOSS = Op.of("aten::nll_loss");
    private static final Op L1_LOSS = Op.of("aten::l1_loss");
    private static final Op MSE_LOSS = Op.of("aten::mse_loss");
    private static final Op BCE_WITH_LOGITS = Op.of("aten::binary_cross_entropy_with_logits");
    private static final Op NORM = Op.of("aten::norm", "ScalarOpt_dim");
    private static final Op CLAMP_MIN = Op.of("aten::clamp_min");
    private static final Op DIV = Op.of("aten::div", "Tensor");
    private static final Op COSINE_SIMILARITY = Op.of("aten::cosine_similarity");

    private Functional() {
    }

    // ---------------------------------------------------------------- layers

    /** 2-D convolution; {@code bias} may be null. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long stride, long padding, long dilation, long groups) {
        return CONV2D.call1(input, weight, bias, new long[] {stride, stride}, new long[] {padding, padding},
                new long[] {dilation, dilation}, groups);
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long stride, long padding) {
        return conv2d(input, weight, bias, stride, padding, 1, 1);
    }

    /**
     * Batch normalisation. In training mode it normalises with the batch's statistics and updates
     * {@code runningMean}/{@code runningVar} in place ({@code running = (1 - momentum) * running + momentum * batch},
     * the variance unbiased); in eval mode it normalises with the running statistics. Any of weight, bias and
     * the running statistics may be null.
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return BATCH_NORM.call1(input, weight, bias, runningMean, runningVar, training, momentum, eps, true);
    }

    public static Tensor maxPool2d(Tensor input, long kernelSize, long stride, long padding) {
        return MAX_POOL2D.call1(input, new long[] {kernelSize, kernelSize}, new long[] {stride, stride},
                new long[] {padding, padding});
    }

    public static Tensor adaptiveAvgPool2d(Tensor input, long outputHeight, long outputWidth) {
        return ADAPTIVE_AVG_POOL2D.call1(input, new long[] {outputHeight, outputWidth});
    }

    /** {@code input · weightᵀ + bias}; {@code bias} may be null. */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return LINEAR.call1(input, weight, bias);
    }

    /** Zeroes elements with probability {@code p} and scales the rest by 1/(1-p) when {@code training}; identity otherwise. */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        return DROPOUT.call1(input, p, training);
    }

    // ---------------------------------------------------------------- activations

    public static Tensor relu(Tensor input) {
        return RELU.call1(input);
    }

    /**
     * ReLU overwriting {@code input} (as torchvision's {@code ReLU(inplace=True)}); returns {@code input}. Only for
     * tensors nothing else reads afterwards, e.g. a batch-norm output.
     */
    public static Tensor reluInPlace(Tensor input) {
        RELU_.callInPlace(input);
        return input;
    }

    public static Tensor leakyRelu(Tensor input, double negativeSlope) {
        return LEAKY_RELU.call1(input, negativeSlope);
    }

    // ---------------------------------------------------------------- resampling

    /** {@code [N, C·r², H, W] → [N, C, H·r, W·r]}. */
    public static Tensor pixelShuffle(Tensor input, long upscaleFactor) {
        return PIXEL_SHUFFLE.call1(input, upscaleFactor);
    }

    /** Bilinear resize to {@code height × width} with {@code align_corners=False} (torch's default). */
    public static Tensor interpolateBilinear(Tensor input, long height, long width) {
        return UPSAMPLE_BILINEAR2D.call1(input, new long[] {height, width}, false);
    }

    /** Nearest-neighbour resize to {@code height × width} (torch's {@code mode='nearest'}). */
    public static Tensor interpolateNearest(Tensor input, long height, long width) {
        return UPSAMPLE_NEAREST2D.call1(input, new long[] {height, width});
    }

    // ---------------------------------------------------------------- losses

    /** Mean cross-entropy of logits {@code [N, C, ...]} against int64 class indices {@code [N, ...]}. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, null, NO_IGNORE_INDEX);
    }

    /**
     * Cross-entropy with optional per-class {@code weight} (null for none); targets equal to {@code ignoreIndex}
     * contribute nothing and are left out of the mean (a weighted mean when weights are given).
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, long ignoreIndex) {
        return CROSS_ENTROPY.call1(logits, target, weight, REDUCTION_MEAN, ignoreIndex);
    }

    /** Negative log-likelihood of log-probabilities against class indices; as {@link #crossEntropy} after a log-softmax. */
    public static Tensor nllLoss(Tensor logProbabilities, Tensor target, Tensor weight, long ignoreIndex) {
        return NLL_LOSS.call1(logProbabilities, target, weight, REDUCTION_MEAN, ignoreIndex);
    }

    public static Tensor nllLoss(Tensor logProbabilities, Tensor target) {
        return nllLoss(logProbabilities, target, null, NO_IGNORE_INDEX);
    }

    /** Mean absolute error. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return L1_LOSS.call1(input, target, REDUCTION_MEAN);
    }

    /** Mean squared error. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return MSE_LOSS.call1(input, target, REDUCTION_MEAN);
    }

    /** Mean binary cross-entropy of logits against targets in [0, 1], computed stably from the logits. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return BCE_WITH_LOGITS.call1(logits, target, null, null, REDUCTION_MEAN);
    }

    // ---------------------------------------------------------------- similarity

    /** Divides by the L2 norm along {@code dim}, floored at {@code 1e-12} (as {@code torch.nn.functional.normalize}). */
    public static Tensor normalize(Tensor input, long dim) {
        Tensor norm = NORM.call1(input, 2.0, new long[] {dim}, true);
        Tensor floored = CLAMP_MIN.call1(norm, NORMALIZE_EPS);
        norm.close();
        Tensor out = DIV.call1(input, floored);
        floored.close();
        return out;
    }

    /** Cosine similarity along {@code dim}, each norm floored at {@code 1e-8} (torch's default). */
    public static Tensor cosineSimilarity(Tensor a, Tensor b, long dim) {
        return COSINE_SIMILARITY.call1(a, b, dim);
    }
}
