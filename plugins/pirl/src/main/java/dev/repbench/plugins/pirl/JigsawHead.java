package dev.repbench.plugins.pirl;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;

/**
 * PIRL's head for the jigsaw branch: each patch's embedding goes through one shared linear map to
 * {@code dimension}, the nine results are concatenated in the puzzle's position order, and a second linear
 * map takes the {@code 9 · dimension} vector to {@code dimension}. No non-linearity, as the reference.
 * Because the concatenation follows positions, the output depends on where each patch was placed; the loss
 * is what makes the representation invariant to the shuffle.
 */
public final class JigsawHead extends Module {
    private final Linear patchProjection;
    private final Linear puzzleProjection;
    private final long dimension;

    /**
     * @param embeddingDimension the backbone's embedding width
     * @param dimension          the representation's width (128 in the reference)
     */
    public JigsawHead(long embeddingDimension, long dimension) {
        this.dimension = dimension;
        patchProjection = registerModule("patch", new Linear(embeddingDimension, dimension));
        puzzleProjection = registerModule("puzzle", new Linear(JigsawGrid.CELLS * dimension, dimension));
    }

    /**
     * @param patchEmbeddings {@code [B·9, D]}, rows {@code 9b … 9b+8} image {@code b}'s patches in position order
     *                        (as {@link JigsawPatches#extract} orders them)
     * @return {@code [B, dimension]}
     */
    public Tensor forward(Tensor patchEmbeddings) {
        if (patchEmbeddings.ndim() != 2 || patchEmbeddings.size(0) % JigsawGrid.CELLS != 0) {
            throw new IllegalArgumentException("the jigsaw head needs [9·B, D] patch embeddings, got " + patchEmbeddings.describe());
        }
        long batch = patchEmbeddings.size(0) / JigsawGrid.CELLS;
        Tensor concatenated = patchProjection.forward(patchEmbeddings).reshape(batch, JigsawGrid.CELLS * dimension);
        return puzzleProjection.forward(concatenated);
    }
}
