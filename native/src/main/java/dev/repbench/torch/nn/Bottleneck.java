package dev.repbench.torch.nn;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

/**
 * ResNet-50's residual block, as torchvision's {@code Bottleneck} (ResNet v1.5: the stride sits on the 3×3
 * convolution): 1×1 reduce, 3×3, 1×1 expand to {@code 4·planes}, each followed by batch norm, plus the
 * identity or a {@code downsample} projection, then ReLU. Entries: {@code conv1, bn1, conv2, bn2, conv3, bn3[,
 * downsample.0, downsample.1]}.
 */
public final class Bottleneck extends Layer {
    /** Output channels per {@code planes}. */
    public static final int EXPANSION = 4;

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final Sequential downsample;

    /** {@code downsample} (may be null) is built by the caller first, matching torchvision's order of random draws. */
    public Bottleneck(long inChannels, long planes, long stride, Sequential downsample) {
        conv1 = registerModule("conv1", new Conv2d(inChannels, planes, 1, 1, 0, false));
        bn1 = registerModule("bn1", new BatchNorm2d(planes));
        conv2 = registerModule("conv2", new Conv2d(planes, planes, 3, stride, 1, false));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        conv3 = registerModule("conv3", new Conv2d(planes, planes * EXPANSION, 1, 1, 0, false));
        bn3 = registerModule("bn3", new BatchNorm2d(planes * EXPANSION));
        this.downsample = downsample == null ? null : registerModule("downsample", downsample);
    }

    @Override
    public Tensor forward(Tensor input) {
        try (Scope inner = Scope.open()) {
            Tensor out = Functional.reluInPlace(bn1.forward(conv1.forward(input)));
            out = Functional.reluInPlace(bn2.forward(conv2.forward(out)));
            out = bn3.forward(conv3.forward(out));
            Tensor identity = downsample == null ? input : downsample.forward(input);
            out.addInPlace(identity, 1.0);
            return inner.keepInParent(Functional.reluInPlace(out));
        }
    }
}
