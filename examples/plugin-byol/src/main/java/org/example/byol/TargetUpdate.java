package org.example.byol;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Module;
import java.util.Map;

/**
 * Moves the target network towards the online one: {@code target ← τ·target + (1 − τ)·online} for every parameter,
 * in place. Buffers (batch-norm running statistics) are left alone: the target network computes its own from the
 * batches it sees, and BYOL only ever runs it in training mode.
 */
public final class TargetUpdate {

    private TargetUpdate() {
    }

    /**
     * @param target the target module, updated in place
     * @param online the online module of the same architecture, read only
     * @param tau    the weight kept from the target, in [0, 1]
     * @throws IllegalArgumentException if the two modules' parameters differ in name or shape, or τ is out of range
     */
    public static void moveTowards(Module target, Module online, double tau) {
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("τ is in [0, 1], got " + tau);
        }
        Map<String, Tensor> targetParameters = target.namedParameters();
        Map<String, Tensor> onlineParameters = online.namedParameters();
        if (!targetParameters.keySet().equals(onlineParameters.keySet())) {
            throw new IllegalArgumentException("target and online networks differ: " + targetParameters.keySet()
                    + " vs " + onlineParameters.keySet());
        }
        // In-place tensor calls still hand back handles; the scope frees them.
        try (Scope scope = Scope.open(); GradMode off = GradMode.disabled()) {
            for (Map.Entry<String, Tensor> entry : targetParameters.entrySet()) {
                Tensor source = onlineParameters.get(entry.getKey());
                Tensor destination = entry.getValue();
                if (!java.util.Arrays.equals(source.shape(), destination.shape())) {
                    throw new IllegalArgumentException("parameter " + entry.getKey() + " has shape "
                            + java.util.Arrays.toString(destination.shape()) + " in the target but "
                            + java.util.Arrays.toString(source.shape()) + " online");
                }
                destination.mulInPlace(tau).addInPlace(source, 1.0 - tau);
            }
        }
    }
}
