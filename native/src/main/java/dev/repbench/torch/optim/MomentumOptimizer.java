package dev.repbench.torch.optim;

import dev.repbench.torch.Tensor;

import java.util.List;
import java.util.Set;

/**
 * An optimizer whose update ends in heavy-ball momentum as {@code torch.optim.SGD} keeps it: {@link SGD}, and
 * {@link LARS} after its layer-wise scaling. The one place the momentum buffer is kept.
 */
abstract class MomentumOptimizer extends Optimizer {
    /** The buffer's name in the state dict, PyTorch's. */
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double momentum;

    MomentumOptimizer(List<ParameterGroup> groups, double learningRate, double momentum) {
        super(groups, learningRate);
        this.momentum = momentum;
    }

    /** The momentum buffer, or none without momentum. */
    @Override
    protected final Set<String> stateBufferNames() {
        return momentum != 0 ? Set.of(MOMENTUM_BUFFER) : Set.of();
    }

    /**
     * The buffer starts as the parameter's first direction itself (undamped), then
     * {@code buf = momentum · buf + (1 − dampening) · d}; without momentum the direction is returned unchanged.
     *
     * @return the direction to step along: the updated buffer (the parameter's state), or {@code direction}
     */
    final Tensor withMomentum(Tensor direction, ParameterState state, double dampening) {
        if (momentum == 0) {
            return direction;
        }
        Tensor buffer = state.buffer(MOMENTUM_BUFFER);
        if (buffer == null) {
            return state.putBuffer(MOMENTUM_BUFFER, direction.clone());
        }
        return buffer.mulInPlace(momentum).addInPlace(direction, 1 - dampening);
    }
}
