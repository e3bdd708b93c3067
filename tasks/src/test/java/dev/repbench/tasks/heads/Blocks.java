package dev.repbench.tasks.heads;

import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Random block pyramids standing in for a frozen encoder's cached outputs. */
final class Blocks {
    private Blocks() {
    }

    /** {@code block k: [batch, channels(k), ceil(height/stride(k)), ceil(width/stride(k))]}, standard normal, in the current scope. */
    static List<Tensor> random(Pyramid pyramid, long batch, long height, long width) {
        List<Tensor> blocks = new ArrayList<>();
        for (int k = 1; k <= pyramid.blocks(); k++) {
            long s = pyramid.stride(k);
            blocks.add(Tensor.randn(batch, pyramid.channels(k), ceilDiv(height, s), ceilDiv(width, s)));
        }
        return blocks;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
