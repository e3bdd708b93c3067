package dev.repbench.torch.nn.arch;

import java.util.List;
import java.util.Objects;

/**
 * What an architecture's outputs look like, known without building it (no libtorch): the image side it expects
 * when nothing says otherwise, its blocks {@code block1}…{@code blockN} and its embedding width.
 *
 * @param defaultInputSide the side of the square images it is trained at by default (224 for torchvision's ResNets,
 *                         32 for the small-image variant), at least 1
 * @param blocks           the block outputs, {@code block1} first, at least one
 * @param embeddingDim     D of the pooled {@code embedding} output {@code [N, D]}, at least 1
 */
public record ArchitectureLayout(int defaultInputSide, List<Block> blocks, long embeddingDim) {

    /**
     * One block output {@code [N, channels, H/stride, W/stride]} (sizes rounded up).
     *
     * @param channels its channels, at least 1
     * @param stride   how many times smaller than the input it is, at least 1
     */
    public record Block(long channels, long stride) {
        public Block {
            if (channels < 1 || stride < 1) {
                throw new IllegalArgumentException("a block has 1 or more channels and a stride of 1 or more, got "
                        + channels + " and " + stride);
            }
        }
    }

    public ArchitectureLayout {
        blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
        if (defaultInputSide < 1 || blocks.isEmpty() || embeddingDim < 1) {
            throw new IllegalArgumentException("a layout has a default input side of 1 or more, at least one block and an"
                    + " embedding of 1 or more, got " + defaultInputSide + ", " + blocks.size() + " blocks and " + embeddingDim);
        }
    }

    /**
     * @param channels each block's channels, block 1 first
     * @param strides  each block's stride, as many
     * @return the blocks
     */
    public static List<Block> blocks(long[] channels, long[] strides) {
        if (channels.length != strides.length) {
            throw new IllegalArgumentException("as many strides as channels, got " + strides.length + " and " + channels.length);
        }
        Block[] blocks = new Block[channels.length];
        for (int k = 0; k < channels.length; k++) {
            blocks[k] = new Block(channels[k], strides[k]);
        }
        return List.of(blocks);
    }

    /** @param block from 1 @return the output's name, {@code block1} … */
    public static String blockName(int block) {
        return "block" + block;
    }
}
