package org.example.byol;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.BatchNorm2d;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;

/**
 * BYOL's projector and predictor: {@code Linear(in → hidden) → BatchNorm → ReLU → Linear(hidden → out)}, the last
 * layer without bias as in the original implementation.
 */
public final class MlpHead extends Layer {
    private final Linear hidden;
    // BatchNorm2d is the native layer's batch norm; on [B, C] input it normalises each feature as BatchNorm1d does.
    private final BatchNorm2d norm;
    private final Linear output;

    /**
     * @param inFeatures     input width
     * @param hiddenFeatures hidden width (BYOL: 4096)
     * @param outFeatures    output width (BYOL: 256)
     */
    public MlpHead(long inFeatures, long hiddenFeatures, long outFeatures) {
        hidden = registerModule("hidden", new Linear(inFeatures, hiddenFeatures, true));
        norm = registerModule("norm", new BatchNorm2d(hiddenFeatures));
        output = registerModule("output", new Linear(hiddenFeatures, outFeatures, false));
    }

    @Override
    public Tensor forward(Tensor input) {
        try (Scope scope = Scope.open()) {
            Tensor h = Functional.reluInPlace(norm.forward(hidden.forward(input)));
            return scope.keepInParent(output.forward(h));
        }
    }
}
