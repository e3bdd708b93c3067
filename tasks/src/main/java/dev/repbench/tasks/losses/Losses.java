package dev.repbench.tasks.losses;

import dev.repbench.torch.DType;
import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;

import java.util.Arrays;

/**
 * The losses of the study's end tasks (Table 1): cross-entropy for classification, pixelwise cross-entropy for
 * segmentation, binary cross-entropy for binary masks, and L1 over valid pixels for depth and flow. Pure
 * functions: they read their arguments, return a scalar loss in the caller's current scope (with autograd
 * history), and hold no state. Intermediate tensors are freed before they return.
 */
public final class Losses {
    private static final Op WHERE_SCALAR_OTHER = Op.of("aten::where", "ScalarOther");
    private static final Op NE = Op.of("aten::ne", "Scalar");

    private Losses() {
    }

    /**
     * Mean cross-entropy for image-level classification.
     *
     * @param logits {@code [N, C]}
     * @param labels {@code [N]} int64 class indices
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return Functional.crossEntropy(logits, labels);
    }

    /**
     * Mean cross-entropy over the labelled pixels. Pixels labelled {@code ignoreIndex} contribute nothing and are
     * left out of the mean; with {@code classWeights}, each pixel counts with its class's weight and the mean is
     * weighted (PyTorch's convention). A batch with no labelled pixel gives 0 (with a zero gradient), not NaN,
     * so one fully ignored crop cannot poison the optimiser.
     *
     * @param logits       {@code [N, C, H, W]}
     * @param labels       {@code [N, H, W]} int64 class indices or {@code ignoreIndex}
     * @param ignoreIndex  the "no label" value (e.g. 255)
     * @param classWeights {@code [C]} float weights, or null for none
     */
    public static Tensor pixelwiseCrossEntropy(Tensor logits, Tensor labels, long ignoreIndex, Tensor classWeights) {
        if (logits.ndim() != 4 || labels.ndim() != 3) {
            throw new IllegalArgumentException("pixelwise cross-entropy takes [N, C, H, W] logits and [N, H, W] labels, got "
                    + logits.describe() + " and " + labels.describe());
        }
        boolean anyLabelled;
        try (Scope s = Scope.open()) {
            anyLabelled = NE.call1(labels, ignoreIndex).sum().item() > 0;
        }
        if (!anyLabelled) {
            return logits.sum().mul(0.0);
        }
        return Functional.crossEntropy(logits, labels, classWeights, ignoreIndex);
    }

    /** {@link #pixelwiseCrossEntropy(Tensor, Tensor, long, Tensor)} without class weights. */
    public static Tensor pixelwiseCrossEntropy(Tensor logits, Tensor labels, long ignoreIndex) {
        return pixelwiseCrossEntropy(logits, labels, ignoreIndex, null);
    }

    /**
     * Mean binary cross-entropy of logits against targets in [0, 1], computed stably from the logits.
     *
     * @param logits  any shape
     * @param targets the same shape, float
     */
    public static Tensor binaryCrossEntropy(Tensor logits, Tensor targets) {
        return Functional.binaryCrossEntropyWithLogits(logits, targets);
    }

    /**
     * Mean absolute error over the pixels where {@code mask} is true; 0 (with a zero gradient) when none is.
     * Target values outside the mask may be anything, NaN included: they reach neither the value nor the gradient.
     *
     * @param prediction any shape, float
     * @param target     the same shape
     * @param mask       bool, the same shape (or broadcastable to it)
     */
    public static Tensor maskedL1(Tensor prediction, Tensor target, Tensor mask) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("prediction " + prediction.describe() + " and target " + target.describe()
                    + " differ in shape");
        }
        try (Scope inner = Scope.open()) {
            // Replace invalid targets before subtracting: |p − NaN| would send NaN through the gradient even when masked.
            Tensor cleanTarget = WHERE_SCALAR_OTHER.call1(mask, target, 0.0);
            Tensor error = WHERE_SCALAR_OTHER.call1(mask, prediction.sub(cleanTarget).abs(), 0.0);
            Tensor count = mask.to(DType.FLOAT32).expand(prediction.shape()).sum().clampMin(1.0);
            return inner.keepInParent(error.sum().div(count));
        }
    }

    /**
     * L1 for depth: the mean absolute error over pixels whose target depth is finite and positive
     * ({@link ValidPixels#depthMask}).
     *
     * @param prediction {@code [N, 1, H, W]} (or any shape)
     * @param target     the same shape; NaN, 0 or negative where there is no ground truth
     */
    public static Tensor depthL1(Tensor prediction, Tensor target) {
        try (Scope inner = Scope.open()) {
            return inner.keepInParent(maskedL1(prediction, target, ValidPixels.depthMask(target)));
        }
    }

    /**
     * L1 for flow: the mean absolute error over both components of the pixels whose true flow is finite.
     *
     * @param prediction {@code [N, 2, H, W]}
     * @param target     {@code [N, 2, H, W]}, NaN in both components where there is no ground truth
     */
    public static Tensor flowL1(Tensor prediction, Tensor target) {
        try (Scope inner = Scope.open()) {
            Tensor mask = ValidPixels.flowMask(target).unsqueeze(1).expand(target.shape());
            return inner.keepInParent(maskedL1(prediction, target, mask));
        }
    }
}
