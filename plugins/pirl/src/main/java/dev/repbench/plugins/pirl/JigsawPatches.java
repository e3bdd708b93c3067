package dev.repbench.plugins.pirl;

import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;

/**
 * Cuts a batch's jigsaw patches in one gather: no loop over images or pixels. The top-left corner of every
 * patch (9 per image, in the puzzle's permuted order) becomes a flat pixel index, broadcast over the patch's
 * rows and columns, and {@code gather} picks those pixels from each image's flattened channels.
 */
public final class JigsawPatches {

    private JigsawPatches() {
    }

    /**
     * @param images {@code [B, C, S, S]} with {@code S} the grid's side, on any device
     * @param puzzle the puzzle of each image
     * @return {@code [B·9, C, p, p]}: rows {@code 9b … 9b+8} are image {@code b}'s patches in position order, so
     *         row {@code 9b + k} is the patch of cell {@code puzzle.permutation()[b][k]}; the graph to
     *         {@code images} is kept
     */
    public static Tensor extract(Tensor images, JigsawPuzzle puzzle) {
        JigsawGrid grid = puzzle.grid();
        long batch = images.size(0);
        long channels = images.size(1);
        if (images.ndim() != 4 || images.size(2) != grid.side() || images.size(3) != grid.side() || batch != puzzle.batchSize()) {
            throw new IllegalArgumentException("jigsaw patches need images [" + puzzle.batchSize() + ", C, " + grid.side()
                    + ", " + grid.side() + "], got " + images.describe());
        }
        int cells = JigsawGrid.CELLS;
        long patch = grid.patch();
        long side = grid.side();
        long[] corners = new long[(int) batch * cells];  // flat index of each patch's top-left pixel
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < cells; k++) {
                corners[b * cells + k] = puzzle.patchTop(b, k) * side + puzzle.patchLeft(b, k);
            }
        }
        // Integer tensors throughout: a floating-point scalar would promote the index to float.
        Tensor rowSteps = Tensor.arange(0, patch * side, side, DType.INT64).view(1, 1, patch, 1);
        Tensor columnSteps = Tensor.arange(0, patch, 1, DType.INT64).view(1, 1, 1, patch);
        Tensor flatIndex = Tensor.of(corners, batch, cells, 1, 1).add(rowSteps).add(columnSteps)  // [B, 9, p, p]
                .reshape(batch, 1, cells * patch * patch)
                .expand(batch, channels, cells * patch * patch)
                .to(images.device());
        Tensor picked = images.reshape(batch, channels, side * side).gather(2, flatIndex);  // [B, C, 9·p·p]
        return picked.view(batch, channels, cells, patch, patch)
                .permute(0, 2, 1, 3, 4)
                .reshape(batch * cells, channels, patch, patch);
    }
}
