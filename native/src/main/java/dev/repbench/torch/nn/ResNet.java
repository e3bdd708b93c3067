package dev.repbench.torch.nn;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's ResNet-18 and ResNet-50, with torchvision's parameter names (a state dict of
 * {@code torchvision.models.resnet18/50} loads strictly), and a small-image ResNet-18 whose stem is a 3×3
 * stride-1 convolution without max-pool (same names, {@code conv1.weight} is {@code [64, 3, 3, 3]}).
 *
 * <p>{@link #forward} returns the study's five blocks besides the pooled embedding: block 1 is the stem
 * (conv1, bn1, ReLU) before max-pool, blocks 2–5 are the outputs of {@code layer1}…{@code layer4}. Random
 * initialisation is torchvision's (convolutions {@code kaiming_normal_(fan_out, relu)}, batch norm 1 and 0,
 * {@code fc} as {@code torch.nn.Linear}), drawn in torchvision's order.
 */
public final class ResNet extends Backbone {
    /** The residual block a ResNet is made of. */
    public enum BlockKind {
        BASIC(BasicBlock.EXPANSION), BOTTLENECK(Bottleneck.EXPANSION);

        private final int expansion;

        BlockKind(int expansion) {
            this.expansion = expansion;
        }

        public int expansion() {
            return expansion;
        }

        Layer create(long inChannels, long planes, long stride, Sequential downsample) {
            return this == BASIC ? new BasicBlock(inChannels, planes, stride, downsample)
                    : new Bottleneck(inChannels, planes, stride, downsample);
        }
    }

    /**
     * What a forward pass gives, all owned by the caller's current scope.
     *
     * @param embedding the global-average-pooled last block, {@code [N, D]} (before {@code fc})
     * @param logits    {@code fc}'s output {@code [N, classes]}, or null when built without a classifier
     * @param blocks    the five block outputs, block 1 (stem) first
     */
    public record Features(Tensor embedding, Tensor logits, List<Tensor> blocks) {
    }

    private static final long STEM_CHANNELS = 64;
    private static final long[] STAGE_PLANES = {64, 128, 256, 512};

    private final String architecture;
    private final BlockKind blockKind;
    private final boolean smallImages;
    private final long numClasses;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final List<Sequential> stages = new ArrayList<>();
    private final Linear fc;

    private ResNet(String architecture, BlockKind blockKind, int[] blocksPerStage, boolean smallImages, long numClasses) {
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses is >= 0 (0: no classifier), got " + numClasses);
        }
        this.architecture = architecture;
        this.blockKind = blockKind;
        this.smallImages = smallImages;
        this.numClasses = numClasses;
        conv1 = registerModule("conv1", smallImages
                ? new Conv2d(3, STEM_CHANNELS, 3, 1, 1, false)
                : new Conv2d(3, STEM_CHANNELS, 7, 2, 3, false));
        bn1 = registerModule("bn1", new BatchNorm2d(STEM_CHANNELS));
        long inChannels = STEM_CHANNELS;
        for (int stage = 0; stage < STAGE_PLANES.length; stage++) {
            long planes = STAGE_PLANES[stage];
            long stride = stage == 0 ? 1 : 2;
            stages.add(registerModule("layer" + (stage + 1), makeStage(inChannels, planes, blocksPerStage[stage], stride)));
            inChannels = planes * blockKind.expansion();
        }
        fc = numClasses > 0 ? registerModule("fc", new Linear(inChannels, numClasses)) : null;
        reinitialise(this);
    }

    /** torchvision's {@code _make_layer}: the first block changes stride and width through a 1×1 projection. */
    private Sequential makeStage(long inChannels, long planes, int blocks, long stride) {
        long outChannels = planes * blockKind.expansion();
        Sequential downsample = stride != 1 || inChannels != outChannels
                ? new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, false), new BatchNorm2d(outChannels))
                : null;
        List<Layer> layers = new ArrayList<>();
        layers.add(blockKind.create(inChannels, planes, stride, downsample));
        for (int k = 1; k < blocks; k++) {
            layers.add(blockKind.create(outChannels, planes, 1, null));
        }
        return new Sequential(layers);
    }

    /** torchvision's loop over {@code self.modules()} after construction, in the same (pre-)order. */
    private static void reinitialise(Module module) {
        if (module instanceof Conv2d conv) {
            Init.kaimingNormalFanOut(conv.weight());
        } else if (module instanceof BatchNorm2d bn) {
            Init.constant(bn.weight(), 1.0);
            Init.constant(bn.bias(), 0.0);
        }
        module.children().values().forEach(ResNet::reinitialise);
    }

    // ---------------------------------------------------------------- factories

    /** ResNet-18 without classifier: an encoder with 512-d embeddings. */
    public static ResNet resnet18() {
        return resnet18(0);
    }

    /** ResNet-18 with an {@code fc} layer to {@code numClasses} (0: none); 1000 gives torchvision's model. */
    public static ResNet resnet18(long numClasses) {
        return new ResNet("resnet18", BlockKind.BASIC, new int[] {2, 2, 2, 2}, false, numClasses);
    }

    /** ResNet-50 without classifier: an encoder with 2048-d embeddings. */
    public static ResNet resnet50() {
        return resnet50(0);
    }

    /** ResNet-50 with an {@code fc} layer to {@code numClasses} (0: none); 1000 gives torchvision's model. */
    public static ResNet resnet50(long numClasses) {
        return new ResNet("resnet50", BlockKind.BOTTLENECK, new int[] {3, 4, 6, 3}, false, numClasses);
    }

    /** ResNet-18 for small images (e.g. 32×32): 3×3 stride-1 stem, no max-pool; no classifier. */
    public static ResNet resnet18Small() {
        return resnet18Small(0);
    }

    public static ResNet resnet18Small(long numClasses) {
        return new ResNet("resnet18-small", BlockKind.BASIC, new int[] {2, 2, 2, 2}, true, numClasses);
    }

    // ---------------------------------------------------------------- description

    /** {@code resnet18}, {@code resnet50} or {@code resnet18-small}. */
    @Override
    public String architecture() {
        return architecture;
    }

    public BlockKind blockKind() {
        return blockKind;
    }

    /** The width of the embedding: 512 (ResNet-18) or 2048 (ResNet-50). */
    @Override
    public long embeddingDim() {
        return embeddingDim(blockKind);
    }

    /** The channels of blocks 1–5: {@code 64, 64, 128, 256, 512} (ResNet-18) or {@code 64, 256, 512, 1024, 2048}. */
    public long[] blockChannels() {
        return blockChannels(blockKind);
    }

    /** How much smaller than the input each block is: {@code 2, 4, 8, 16, 32}, or {@code 1, 1, 2, 4, 8} for small images. */
    public long[] blockStrides() {
        return blockStrides(smallImages);
    }

    /** {@link #embeddingDim()} of a ResNet made of {@code kind} blocks, without building one. */
    public static long embeddingDim(BlockKind kind) {
        return STAGE_PLANES[STAGE_PLANES.length - 1] * kind.expansion();
    }

    /** {@link #blockChannels()} of a ResNet made of {@code kind} blocks, without building one. */
    public static long[] blockChannels(BlockKind kind) {
        long[] channels = new long[STAGE_PLANES.length + 1];
        channels[0] = STEM_CHANNELS;
        for (int k = 0; k < STAGE_PLANES.length; k++) {
            channels[k + 1] = STAGE_PLANES[k] * kind.expansion();
        }
        return channels;
    }

    /** {@link #blockStrides()} of the small-image variant or of torchvision's stem, without building one. */
    public static long[] blockStrides(boolean smallImages) {
        return smallImages ? new long[] {1, 1, 2, 4, 8} : new long[] {2, 4, 8, 16, 32};
    }

    /** The classifier's classes, 0 without one. */
    public long numClasses() {
        return numClasses;
    }

    public boolean isSmallImageVariant() {
        return smallImages;
    }

    @Override
    public ResNet train(boolean training) {
        super.train(training);
        return this;
    }

    @Override
    public ResNet eval() {
        return train(false);
    }

    // ---------------------------------------------------------------- forward

    /** Runs the network on {@code [N, 3, H, W]} and keeps all five blocks. */
    public Features forward(Tensor input) {
        return run(input, true);
    }

    /**
     * The pooled embedding {@code [N, D]} alone (no classifier, no blocks kept): each block's output is freed as
     * soon as the next one exists.
     */
    @Override
    public Tensor forwardEmbedding(Tensor input) {
        return run(input, false).embedding();
    }

    /** The five blocks of {@link #forward}, stem first; the embedding and logits are not kept. */
    @Override
    public List<Tensor> forwardBlocks(Tensor input) {
        try (Scope inner = Scope.open()) {
            List<Tensor> blocks = run(input, true).blocks();
            blocks.forEach(inner::keepInParent);
            return blocks;
        }
    }

    private Features run(Tensor input, boolean keepBlocks) {
        try (Scope inner = Scope.open()) {
            List<Tensor> blocks = new ArrayList<>(5);
            Tensor stem = Functional.reluInPlace(bn1.forward(conv1.forward(input)));
            blocks.add(stem);
            Tensor x = smallImages ? stem : Functional.maxPool2d(stem, 3, 2, 1);
            for (Sequential stage : stages) {
                Tensor next = stage.forward(x);
                if (!keepBlocks) {
                    // Autograd holds what backward needs; our handles would only keep memory alive longer.
                    x.close();
                    stem.close();
                }
                blocks.add(next);
                x = next;
            }
            Tensor embedding = inner.keepInParent(Functional.adaptiveAvgPool2d(x, 1, 1).flatten(1, -1));
            if (!keepBlocks) {
                return new Features(embedding, null, List.of());
            }
            Tensor logits = fc == null ? null : inner.keepInParent(fc.forward(embedding));
            blocks.forEach(inner::keepInParent);
            return new Features(embedding, logits, List.copyOf(blocks));
        }
    }
}
