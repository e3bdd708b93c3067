package dev.repbench.tasks.heads;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepLabv3's ASPP: parallel branches over one feature map — a 1×1 convolution ({@code conv1x1}), 3×3 atrous
 * convolutions at each rate ({@code atrous<rate>}), and image pooling (global average, 1×1 convolution,
 * broadcast back: {@code pooling}) — each to {@code width} channels with batch norm and ReLU, concatenated and
 * projected by a 1×1 convolution with batch norm and ReLU ({@code project}). Like torchvision's, the pooling
 * branch normalises a 1×1 map, so training needs batches of at least two.
 */
final class AtrousSpatialPyramidPooling extends Layer {
    private final ConvBnRelu pointwise;
    private final List<ConvBnRelu> atrous = new ArrayList<>();
    private final ConvBnRelu pooling;
    private final ConvBnRelu project;

    AtrousSpatialPyramidPooling(long in, long width, long[] rates) {
        pointwise = registerModule("conv1x1", new ConvBnRelu(in, width, 1));
        for (long rate : rates) {
            atrous.add(registerModule("atrous" + rate, new ConvBnRelu(in, width, 3, rate)));
        }
        pooling = registerModule("pooling", new ConvBnRelu(in, width, 1));
        project = registerModule("project", new ConvBnRelu((rates.length + 2) * width, width, 1));
    }

    /** {@code [N, in, h, w] → [N, width, h, w]}. */
    @Override
    public Tensor forward(Tensor x) {
        try (Scope inner = Scope.open()) {
            List<Tensor> branches = new ArrayList<>();
            branches.add(pointwise.forward(x));
            for (ConvBnRelu branch : atrous) {
                branches.add(branch.forward(x));
            }
            Tensor pooled = pooling.forward(Functional.adaptiveAvgPool2d(x, 1, 1));
            branches.add(Resize.like(pooled, x));
            return inner.keepInParent(project.forward(Tensor.cat(branches, 1)));
        }
    }
}
