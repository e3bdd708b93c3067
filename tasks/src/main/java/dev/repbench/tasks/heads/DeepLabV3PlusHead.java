package dev.repbench.tasks.heads;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.Sequential;

import java.util.List;

/**
 * The study's DeepLabv3+ head (segmentation, walkable surface): ASPP on the coarsest block (block 5 of a ResNet),
 * upsampled to the low-level block's size and concatenated with that block reduced to 48 channels, refined,
 * classified and upsampled to the input size. The low-level block is the coarsest block at least 8× finer than the
 * last: block 2 of a ResNet (stride 4 under block 5's 32, as in the study; also block 2 of a small-image ResNet, 1
 * under 8), block 1 of a pyramid from stride 4 to 32 such as a ViT's or a ConvNeXt's; block 1 where none is.
 *
 * <p>Entries: {@code aspp} — 1×1, 3×3 atrous at rates 6, 12, 18 and image pooling, each to 256
 * channels with batch norm and ReLU, concatenated and projected to 256; {@code reduce} — the low-level block by a 1×1
 * convolution to 48 channels with batch norm and ReLU; {@code refine.0}, {@code refine.1} — two 3×3
 * convolutions to 256 with batch norm and ReLU; {@code classifier} — a 1×1 convolution to the classes; then a
 * bilinear resize to the input size. The head's batch norms are its own and train with it; the encoder it reads
 * from stays frozen (unlike ViRB's code, whose DeepLab head trained a copy of the last ResNet stage). Training
 * needs batches of at least two (the image-pooling branch normalises a 1×1 map).
 */
public final class DeepLabV3PlusHead extends Module {
    /** ASPP and decoder width. */
    public static final long WIDTH = 256;
    /** Channels the low-level block is reduced to before the concatenation. */
    public static final long LOW_LEVEL_WIDTH = 48;
    /** The atrous rates of DeepLabv3 at output stride 16. */
    private static final long[] RATES = {6, 12, 18};
    /**
     * How much finer than the last block the block is whose details the decoder adds back: 8, block 2 (the first
     * residual stage) of a ResNet at stride 4 under block 5 at 32.
     */
    private static final long LOW_LEVEL_RATIO = 8;

    private final Pyramid pyramid;
    private final int lowLevelBlock;
    private final AtrousSpatialPyramidPooling aspp;
    private final ConvBnRelu reduce;
    private final Sequential refine;
    private final Conv2d classifier;

    /**
     * @param pyramid the encoder's blocks
     * @param classes the number of classes n
     */
    public DeepLabV3PlusHead(Pyramid pyramid, long classes) {
        this.pyramid = pyramid;
        this.lowLevelBlock = lowLevelBlock(pyramid);
        aspp = registerModule("aspp", new AtrousSpatialPyramidPooling(pyramid.embeddingDim(), WIDTH, RATES));
        reduce = registerModule("reduce", new ConvBnRelu(pyramid.channels(lowLevelBlock), LOW_LEVEL_WIDTH, 1));
        refine = registerModule("refine", new Sequential(new ConvBnRelu(WIDTH + LOW_LEVEL_WIDTH, WIDTH, 3),
                new ConvBnRelu(WIDTH, WIDTH, 3)));
        classifier = registerModule("classifier", new Conv2d(WIDTH, classes, 1, 1, 0, true));
    }

    public Pyramid pyramid() {
        return pyramid;
    }

    /** The ASPP module on the last block. */
    AtrousSpatialPyramidPooling aspp() {
        return aspp;
    }

    /** The low-level block (counted from 1): the coarsest at least {@value #LOW_LEVEL_RATIO}× finer than the last, else block 1. */
    static int lowLevelBlock(Pyramid pyramid) {
        long last = pyramid.stride(pyramid.blocks());
        int chosen = 1;
        for (int k = 1; k < pyramid.blocks(); k++) {
            if (pyramid.stride(k) * LOW_LEVEL_RATIO <= last) {
                chosen = k;
            }
        }
        return chosen;
    }

    /**
     * @param blocks {@code block1 … blockN}, block k {@code [N, channels(k), H/stride(k), W/stride(k)]}; only
     *               the low-level block and the last are read
     * @param height the output height H
     * @param width  the output width W
     * @return {@code [N, classes, H, W]} logits
     */
    public Tensor forward(List<Tensor> blocks, long height, long width) {
        pyramid.check(blocks);
        try (Scope inner = Scope.open()) {
            Tensor lowLevel = blocks.get(lowLevelBlock - 1);
            Tensor context = Resize.like(aspp.forward(blocks.getLast()), lowLevel);
            Tensor joined = Tensor.cat(List.of(context, reduce.forward(lowLevel)), 1);
            Tensor logits = classifier.forward(refine.forward(joined));
            return inner.keepInParent(Resize.to(logits, height, width));
        }
    }

    /** As {@link #forward(List, long, long)} at the input size block 1 implies. */
    public Tensor forward(List<Tensor> blocks) {
        long[] size = pyramid.inputSize(blocks);
        return forward(blocks, size[0], size[1]);
    }
}
