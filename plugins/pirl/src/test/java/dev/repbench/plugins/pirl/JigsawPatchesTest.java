package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JigsawPatchesTest {

    /** Pixel (b, c, y, x) holds 10000·b + 1000·c + 100·y + x, so a value names where it came from. */
    private static Tensor labelledImages(int batch, int channels, int side) {
        float[] values = new float[batch * channels * side * side];
        int i = 0;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        values[i++] = 10000 * b + 1000 * c + 100 * y + x;
                    }
                }
            }
        }
        return Tensor.of(values, batch, channels, side, side);
    }

    @Test
    void eachPatchIsTheCellRegionThePermutationPutsAtItsPosition() {
        JigsawGrid grid = JigsawGrid.forSide(32);
        JigsawPuzzle puzzle = JigsawPuzzle.draw(grid, 3, new SplittableRandom(11));
        try (Scope s = Scope.open()) {
            Tensor patches = JigsawPatches.extract(labelledImages(3, 2, 32), puzzle);
            int p = grid.patch();
            assertArrayEquals(new long[] {27, 2, p, p}, patches.shape());
            float[] values = patches.contiguous().toFloatArray();
            int i = 0;
            for (int b = 0; b < 3; b++) {
                for (int k = 0; k < 9; k++) {
                    int cell = puzzle.permutation()[b][k];
                    int top = grid.cellTop(cell) + puzzle.rowOffset()[b][cell];
                    int left = grid.cellLeft(cell) + puzzle.columnOffset()[b][cell];
                    for (int c = 0; c < 2; c++) {
                        for (int y = 0; y < p; y++) {
                            for (int x = 0; x < p; x++) {
                                assertEquals(10000 * b + 1000 * c + 100 * (top + y) + left + x, values[i++],
                                        "image " + b + " position " + k + " (cell " + cell + ") channel " + c + " at " + y + "," + x);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void handPlacedPuzzleOnADivisibleSide() {
        JigsawGrid grid = JigsawGrid.forSide(27);          // cells of 9, patches of 7
        int[][] order = {{8, 7, 6, 5, 4, 3, 2, 1, 0}};
        int[][] zero = {new int[9]};
        int[][] two = {{2, 2, 2, 2, 2, 2, 2, 2, 2}};
        try (Scope s = Scope.open()) {
            Tensor patches = JigsawPatches.extract(labelledImages(1, 1, 27), new JigsawPuzzle(grid, order, zero, two));
            // position 0 holds cell 8 (bottom right: rows 18…24, columns 20…26); position 8 holds cell 0 at column 2.
            assertEquals(100 * 18 + 20, pixel(patches, 0, 0, 0));
            assertEquals(100 * 24 + 26, pixel(patches, 0, 6, 6));
            assertEquals(2, pixel(patches, 8, 0, 0));
            assertEquals(100 * 9 + 2 + 9, pixel(patches, 4, 0, 0));   // position 4 holds the centre cell
        }
    }

    private static double pixel(Tensor patches, int position, int y, int x) {
        return patches.select(0, position).select(0, 0).select(0, y).select(0, x).item();
    }

    @Test
    void gradientsFlowBackToTheImage() {
        JigsawGrid grid = JigsawGrid.forSide(24);
        JigsawPuzzle puzzle = JigsawPuzzle.draw(grid, 2, new SplittableRandom(3));
        try (Scope s = Scope.open()) {
            Tensor images = Tensor.rand(2, 3, 24, 24).requiresGrad(true);
            JigsawPatches.extract(images, puzzle).sum().backward();
            Tensor grad = images.grad();
            assertNotNull(grad);
            // Each patch pixel is taken once; patches of one image never overlap (they sit in separate cells).
            assertEquals(2 * 9 * 3 * 6 * 6, grad.sum().item(), 1e-3);
            assertEquals(1.0, grad.max().item());
        }
    }

    @Test
    void wrongShapesAreRefused() {
        JigsawPuzzle puzzle = JigsawPuzzle.draw(JigsawGrid.forSide(24), 2, new SplittableRandom(3));
        try (Scope s = Scope.open()) {
            assertThrows(IllegalArgumentException.class, () -> JigsawPatches.extract(Tensor.zeros(2, 3, 27, 27), puzzle));
            assertThrows(IllegalArgumentException.class, () -> JigsawPatches.extract(Tensor.zeros(3, 3, 24, 24), puzzle));
        }
    }
}
