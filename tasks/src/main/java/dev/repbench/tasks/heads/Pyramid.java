package dev.repbench.tasks.heads;

import dev.repbench.torch.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of an encoder's block outputs, from the finest ({@code block1}) to the coarsest: channels and stride
 * (input size ÷ block size) of each block. Pixelwise heads are built from it, so they work for any encoder.
 *
 * <p>Each stride divides the next one: a decoder goes from one block to the previous with a pixel shuffle of
 * factor {@code stride(k+1) / stride(k)}.
 */
public final class Pyramid {
    /** torchvision's ResNet-18 (and ResNet-34): stem and four stages. */
    public static final Pyramid RESNET18 = new Pyramid(new long[] {64, 64, 128, 256, 512}, new long[] {2, 4, 8, 16, 32});
    /** torchvision's ResNet-50 (and ResNet-101/152). */
    public static final Pyramid RESNET50 = new Pyramid(new long[] {64, 256, 512, 1024, 2048}, new long[] {2, 4, 8, 16, 32});

    private final long[] channels;
    private final long[] strides;

    private Pyramid(long[] channels, long[] strides) {
        this.channels = channels;
        this.strides = strides;
    }

    /**
     * A pyramid of {@code channels.length} blocks, finest first.
     *
     * @throws IllegalArgumentException if the arrays differ in length, there are fewer than two blocks, a value is
     *                                  not positive, or a stride does not divide the next one
     */
    public static Pyramid of(long[] channels, long[] strides) {
        if (channels.length != strides.length) {
            throw new IllegalArgumentException("one stride per block: " + channels.length + " channel counts, "
                    + strides.length + " strides");
        }
        if (channels.length < 2) {
            throw new IllegalArgumentException("a pyramid needs at least two blocks, got " + channels.length);
        }
        for (int k = 0; k < channels.length; k++) {
            if (channels[k] < 1 || strides[k] < 1) {
                throw new IllegalArgumentException("block " + (k + 1) + " has channels " + channels[k] + " and stride "
                        + strides[k] + "; both must be positive");
            }
            if (k > 0 && strides[k] % strides[k - 1] != 0) {
                throw new IllegalArgumentException("stride " + strides[k - 1] + " of block " + k + " does not divide stride "
                        + strides[k] + " of block " + (k + 1));
            }
        }
        return new Pyramid(channels.clone(), strides.clone());
    }

    /** The number of blocks. */
    public int blocks() {
        return channels.length;
    }

    /** The channels of block {@code block}, counted from 1 as the encoder names them ({@code block1}…). */
    public long channels(int block) {
        return channels[index(block)];
    }

    /** The stride (input size ÷ block size) of block {@code block}, counted from 1. */
    public long stride(int block) {
        return strides[index(block)];
    }

    /** How much larger block {@code block - 1} is than block {@code block} (its upsampling factor in a decoder). */
    public long upscale(int block) {
        if (block < 2) {
            throw new IllegalArgumentException("block 1 has no finer block; the input is stride(1) = " + strides[0] + " times larger");
        }
        return stride(block) / stride(block - 1);
    }

    /** The channels of the coarsest block: the pooled embedding's dimension for a ResNet. */
    public long embeddingDim() {
        return channels[channels.length - 1];
    }

    /**
     * Checks that {@code blocks} are this pyramid's outputs for one batch: one tensor per block, each
     * {@code [N, channels(k), H_k, W_k]} with the same N.
     *
     * @throws IllegalArgumentException naming the first mismatch
     */
    public void check(List<Tensor> blocks) {
        if (blocks.size() != channels.length) {
            throw new IllegalArgumentException("expected " + channels.length + " block outputs (block1…block" + channels.length
                    + "), got " + blocks.size());
        }
        long batch = -1;
        for (int k = 0; k < channels.length; k++) {
            long[] shape = blocks.get(k).shape();
            if (shape.length != 4 || shape[1] != channels[k]) {
                throw new IllegalArgumentException("block" + (k + 1) + " should be [N, " + channels[k] + ", H, W], got "
                        + Arrays.toString(shape));
            }
            if (batch >= 0 && shape[0] != batch) {
                throw new IllegalArgumentException("block" + (k + 1) + " has batch " + shape[0] + ", block1 has " + batch);
            }
            batch = shape[0];
        }
    }

    /** The input size the blocks came from, as far as block 1 tells: its height and width times its stride. */
    public long[] inputSize(List<Tensor> blocks) {
        long[] shape = blocks.getFirst().shape();
        return new long[] {shape[2] * strides[0], shape[3] * strides[0]};
    }

    private int index(int block) {
        if (block < 1 || block > channels.length) {
            throw new IllegalArgumentException("blocks are numbered 1…" + channels.length + ", got " + block);
        }
        return block - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pyramid p && Arrays.equals(channels, p.channels) && Arrays.equals(strides, p.strides);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(channels) + Arrays.hashCode(strides);
    }

    @Override
    public String toString() {
        return "Pyramid[channels=" + Arrays.toString(channels) + ", strides=" + Arrays.toString(strides) + "]";
    }
}
