package dev.repbench.torch.optim;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), with exactly PyTorch's update rule
 * ({@code torch.optim.AdamW}): before the {@link Adam} update, which sees the raw gradient,
 * <pre>
 * w = w · (1 − lr · weight_decay)
 * </pre>
 * Make its options with {@link AdamOptions#adamW(double)} for PyTorch's default decay of 0.01.
 */
public final class AdamW extends Adam {

    public AdamW(List<ParameterGroup> groups, AdamOptions options) {
        super(groups, options);
    }

    @Override
    boolean decoupledWeightDecay() {
        return true;
    }
}
