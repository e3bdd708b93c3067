package dev.repbench.plugins.moco;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Module;

import java.util.Map;

/**
 * The key encoder's moving average of the query encoder: {@code θk ← m·θk + (1 − m)·θq} for every parameter.
 * Buffers (batch-norm running statistics) are left alone: the key encoder's come from its own forward passes,
 * as in the reference implementation.
 */
final class MomentumUpdate {

    private MomentumUpdate() {
    }

    /**
     * @param key      the encoder updated in place
     * @param query    the encoder followed; same parameter names and shapes as {@code key}
     * @param momentum m in [0, 1]: 1 freezes the key encoder, 0 copies the query encoder
     */
    static void apply(Module key, Module query, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("the key-encoder momentum must be in [0, 1], got " + momentum);
        }
        Map<String, Tensor> keyParameters = key.namedParameters();
        Map<String, Tensor> queryParameters = query.namedParameters();
        if (!keyParameters.keySet().equals(queryParameters.keySet())) {
            throw new IllegalArgumentException("the key and query encoders have different parameters: "
                    + keyParameters.keySet() + " vs " + queryParameters.keySet());
        }
        try (Scope _ = Scope.open(); GradMode _ = GradMode.disabled()) {
            for (Map.Entry<String, Tensor> entry : keyParameters.entrySet()) {
                entry.getValue().mulInPlace(momentum).addInPlace(queryParameters.get(entry.getKey()), 1 - momentum);
            }
        }
    }
}
