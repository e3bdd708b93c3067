package dev.repbench.plugins.pirl;

import dev.repbench.plugins.kit.augment.Augmentation;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/**
 * Applies an augmentation to each cell of a jigsaw grid as if it were an image of its own: the {@code B} images'
 * nine cells become one batch of {@code 9·B} small images (image by image, cells row-major), go through
 * {@code perCell} together, and are put back where they came from. Pixels outside the grid (the margin of a side
 * not divisible by 3) are left as they were; no patch is ever cut from them.
 *
 * @param grid    where the cells are; the images must be {@code grid.side()} square
 * @param perCell an augmentation that keeps the size of its input
 */
public record CellwiseAugmentation(JigsawGrid grid, Augmentation perCell) implements Augmentation {

    @Override
    public Tensor apply(Tensor images, SplittableRandom random) {
        long batch = images.size(0);
        long channels = images.size(1);
        long cell = grid.cell();
        long span = JigsawGrid.CELLS_PER_SIDE * cell;
        long n = JigsawGrid.CELLS_PER_SIDE;
        if (images.ndim() != 4 || images.size(2) != grid.side() || images.size(3) != grid.side()) {
            throw new IllegalArgumentException("cell-wise augmentation needs [B, C, " + grid.side() + ", " + grid.side()
                    + "] images, got " + images.describe());
        }
        Tensor region = images.narrow(2, grid.margin(), span).narrow(3, grid.margin(), span);
        // [B, C, 3·c, 3·c] → [B, C, 3, c, 3, c] → [B, 3, 3, C, c, c] → [9·B, C, c, c]
        Tensor cells = region.reshape(batch, channels, n, cell, n, cell).permute(0, 2, 4, 1, 3, 5)
                .reshape(batch * n * n, channels, cell, cell);
        Tensor augmented = perCell.apply(cells, random);
        if (augmented.size(2) != cell || augmented.size(3) != cell) {
            throw new IllegalArgumentException("a cell-wise augmentation must keep the cell size " + cell + ", got "
                    + augmented.describe());
        }
        Tensor reassembled = augmented.reshape(batch, n, n, channels, cell, cell).permute(0, 3, 1, 4, 2, 5)
                .reshape(batch, channels, span, span);
        if (span == grid.side()) {
            return reassembled;
        }
        Tensor out = images.clone();
        try (GradMode off = GradMode.disabled()) {  // augmentation inputs carry no graph
            out.narrow(2, grid.margin(), span).narrow(3, grid.margin(), span).copyFromInPlace(reassembled);
        }
        return out;
    }
}
