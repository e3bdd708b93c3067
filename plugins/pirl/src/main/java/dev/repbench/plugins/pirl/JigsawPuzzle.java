package dev.repbench.plugins.pirl;

import java.util.SplittableRandom;

/**
 * One step's jigsaw puzzles: for every image, which cell goes to which position and where in its cell each
 * patch is cut.
 *
 * @param grid        the geometry
 * @param permutation {@code permutation[b][k]}: the cell (0 … 8, row-major) whose patch image {@code b} puts at
 *                    position {@code k}
 * @param rowOffset   {@code rowOffset[b][c]}: the patch's first row inside cell {@code c}, 0 … {@link JigsawGrid#maxOffset()}
 * @param columnOffset {@code columnOffset[b][c]}: likewise for the first column
 */
public record JigsawPuzzle(JigsawGrid grid, int[][] permutation, int[][] rowOffset, int[][] columnOffset) {

    public JigsawPuzzle {
        if (permutation.length != rowOffset.length || permutation.length != columnOffset.length) {
            throw new IllegalArgumentException("a puzzle needs one permutation and one set of offsets per image");
        }
    }

    /**
     * Draws a puzzle for each of {@code batch} images from {@code random}, image by image: first the permutation
     * (a uniform shuffle of the nine cells, as the reference's {@code np.random.permutation}), then each cell's row
     * and column offset, uniform in {@code 0 … cell − patch}.
     */
    public static JigsawPuzzle draw(JigsawGrid grid, int batch, SplittableRandom random) {
        int[][] permutation = new int[batch][];
        int[][] rows = new int[batch][JigsawGrid.CELLS];
        int[][] columns = new int[batch][JigsawGrid.CELLS];
        for (int b = 0; b < batch; b++) {
            permutation[b] = shuffledCells(random);
            for (int c = 0; c < JigsawGrid.CELLS; c++) {
                rows[b][c] = random.nextInt(grid.maxOffset() + 1);
                columns[b][c] = random.nextInt(grid.maxOffset() + 1);
            }
        }
        return new JigsawPuzzle(grid, permutation, rows, columns);
    }

    /** Fisher–Yates over 0 … 8. */
    private static int[] shuffledCells(SplittableRandom random) {
        int[] cells = new int[JigsawGrid.CELLS];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = i;
        }
        for (int i = cells.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = cells[i];
            cells[i] = cells[j];
            cells[j] = swap;
        }
        return cells;
    }

    /** @return the number of images */
    public int batchSize() {
        return permutation.length;
    }

    /** @return the first row of the patch image {@code b} puts at position {@code k} */
    public int patchTop(int b, int k) {
        int cell = permutation[b][k];
        return grid.cellTop(cell) + rowOffset[b][cell];
    }

    /** @return the first column of the patch image {@code b} puts at position {@code k} */
    public int patchLeft(int b, int k) {
        int cell = permutation[b][k];
        return grid.cellLeft(cell) + columnOffset[b][cell];
    }
}
