package dev.repbench.plugins.pirl;

/**
 * Where PIRL's 3 × 3 jigsaw grid lies in a square image, and how big its patches are.
 *
 * <p>The reference cuts a 255-px image into cells of 85 px and takes a random 64-px patch from each cell, so
 * neighbouring patches never touch (the network cannot solve the puzzle from edge continuity). For another
 * side the cell is {@code floor(side / 3)} and the patch keeps the reference's proportion,
 * {@code round(cell × 64 / 85)} (at least 1). When the side is not a multiple of 3 the grid is centred and the
 * {@code side mod 3} leftover rows and columns are not used: the first {@code floor((side mod 3) / 2)} of them
 * before the grid, the rest after it. A 32-px image therefore has cells of 10 px starting at pixel 1 (pixels
 * 0 and 31 are never in a patch) and 8-px patches; 24 px gives cells of 8 and patches of 6; 27 px gives 9 and 7.
 *
 * @param side   the image side the grid is laid over
 * @param cell   the side of each of the nine cells
 * @param patch  the side of the patch cut from each cell, at most {@code cell}
 * @param margin the first row (and column) of the grid
 */
public record JigsawGrid(int side, int cell, int patch, int margin) {
    /** Cells along each side of the grid. */
    public static final int CELLS_PER_SIDE = 3;
    /** Cells (and patches) in a puzzle. */
    public static final int CELLS = CELLS_PER_SIDE * CELLS_PER_SIDE;
    /** The reference's patch side over its cell side, 64 / 85. */
    public static final double REFERENCE_PATCH_FRACTION = 64.0 / 85.0;

    public JigsawGrid {
        if (cell < 1 || patch < 1 || patch > cell || margin < 0 || margin + CELLS_PER_SIDE * cell > side) {
            throw new IllegalArgumentException("a jigsaw grid needs 1 <= patch <= cell and the 3 x 3 cells inside the image;"
                    + " got side " + side + ", cell " + cell + ", patch " + patch + ", margin " + margin);
        }
    }

    /** The reference's proportions for a {@code side × side} image (see the class comment). */
    public static JigsawGrid forSide(int side) {
        return forSide(side, REFERENCE_PATCH_FRACTION);
    }

    /**
     * @param side          the image side, at least 3
     * @param patchFraction the patch side over the cell side, in (0, 1]
     * @return the grid centred in the image, its patches {@code round(cell × patchFraction)} wide (at least 1)
     */
    public static JigsawGrid forSide(int side, double patchFraction) {
        if (side < CELLS_PER_SIDE) {
            throw new IllegalArgumentException("a jigsaw puzzle needs an image side of at least 3 px, got " + side);
        }
        if (!(patchFraction > 0 && patchFraction <= 1)) {
            throw new IllegalArgumentException("the jigsaw patch fraction must be in (0, 1], got " + patchFraction);
        }
        int cell = side / CELLS_PER_SIDE;
        int patch = Math.max(1, (int) Math.round(cell * patchFraction));
        return new JigsawGrid(side, cell, patch, (side - CELLS_PER_SIDE * cell) / 2);
    }

    /** @return how far a patch may move inside its cell: offsets run from 0 to this, inclusive */
    public int maxOffset() {
        return cell - patch;
    }

    /** @return the first row of cell {@code index} (0 … 8, row-major) */
    public int cellTop(int index) {
        return margin + (index / CELLS_PER_SIDE) * cell;
    }

    /** @return the first column of cell {@code index} (0 … 8, row-major) */
    public int cellLeft(int index) {
        return margin + (index % CELLS_PER_SIDE) * cell;
    }
}
