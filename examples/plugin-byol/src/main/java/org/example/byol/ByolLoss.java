package org.example.byol;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;

/**
 * BYOL's loss: the mean squared error between the L2-normalised online prediction and the L2-normalised target
 * projection, which equals {@code 2 − 2·cos(p, z)} per image. The target side never receives gradients.
 */
public final class ByolLoss {

    private ByolLoss() {
    }

    /**
     * One direction of the loss.
     *
     * @param prediction the online network's predictions {@code [B, D]}
     * @param target     the target network's projections {@code [B, D]} of the other view; detached here
     * @return the scalar {@code mean over the batch of 2 − 2·cos(prediction, target)}, in the caller's scope
     */
    public static Tensor regression(Tensor prediction, Tensor target) {
        if (prediction.ndim() != 2 || !java.util.Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("BYOL's loss compares [B, D] predictions with [B, D] targets, got "
                    + java.util.Arrays.toString(prediction.shape()) + " and " + java.util.Arrays.toString(target.shape()));
        }
        try (Scope scope = Scope.open()) {
            Tensor p = Functional.normalize(prediction, 1);
            Tensor z = Functional.normalize(target.detach(), 1);
            Tensor cosine = p.mul(z).sum(1, false);
            return scope.keepInParent(cosine.mul(-2.0).add(2.0).mean());
        }
    }

    /**
     * The symmetrised loss of one step: each view's prediction regresses the other view's target projection.
     *
     * @param prediction1 online predictions of view 1
     * @param prediction2 online predictions of view 2
     * @param target1     target projections of view 1
     * @param target2     target projections of view 2
     * @return {@code regression(prediction1, target2) + regression(prediction2, target1)}, between 0 and 8
     */
    public static Tensor symmetrised(Tensor prediction1, Tensor prediction2, Tensor target1, Tensor target2) {
        try (Scope scope = Scope.open()) {
            return scope.keepInParent(regression(prediction1, target2).add(regression(prediction2, target1)));
        }
    }
}
