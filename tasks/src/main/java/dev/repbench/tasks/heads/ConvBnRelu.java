package dev.repbench.tasks.heads;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.BatchNorm2d;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;

/**
 * A convolution without bias (batch norm follows), batch norm and ReLU: DeepLab's unit. Padding keeps the size.
 * Entries {@code conv.weight}, {@code bn.*}.
 */
final class ConvBnRelu extends Layer {
    private final Conv2d conv;
    private final BatchNorm2d bn;

    ConvBnRelu(long in, long out, long kernel, long dilation) {
        conv = registerModule("conv", new Conv2d(in, out, kernel, 1, dilation * (kernel - 1) / 2, dilation, 1, false));
        bn = registerModule("bn", new BatchNorm2d(out));
    }

    ConvBnRelu(long in, long out, long kernel) {
        this(in, out, kernel, 1);
    }

    @Override
    public Tensor forward(Tensor input) {
        try (Scope inner = Scope.open()) {
            return inner.keepInParent(Functional.reluInPlace(bn.forward(conv.forward(input))));
        }
    }
}
