package dev.repbench.plugins.moco;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Layer;

/** A ReLU as a layer without parameters, so an MLP head is a {@link dev.repbench.torch.nn.Sequential} named like PyTorch's. */
final class Relu extends Layer {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
