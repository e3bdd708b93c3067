package dev.repbench.plugins.pirl;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * A module's buffers (BatchNorm's running means, variances and batch counts) set aside before a forward pass in
 * training mode and put back after it, so that pass normalises with its own batch statistics as usual but leaves
 * no trace in the statistics the frozen encoder will later be evaluated with. The copies live in the current scope.
 * Restore only after {@code backward()}: batch norm's backward checks that the statistics it read are unchanged.
 */
final class HeldStatistics {
    private final List<Tensor> live;
    private final List<Tensor> saved;

    private HeldStatistics(List<Tensor> live, List<Tensor> saved) {
        this.live = live;
        this.saved = saved;
    }

    /** @return a copy of every buffer of {@code module}, to {@link #restore} */
    static HeldStatistics of(Module module) {
        List<Tensor> live = new ArrayList<>(module.namedBuffers().values());
        List<Tensor> saved = new ArrayList<>(live.size());
        for (Tensor buffer : live) {
            saved.add(buffer.clone());
        }
        return new HeldStatistics(live, saved);
    }

    /** Copies the held values back into the module's buffers, in place. */
    void restore() {
        for (int i = 0; i < live.size(); i++) {
            live.get(i).copyFromInPlace(saved.get(i));
        }
    }
}
