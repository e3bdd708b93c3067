package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repbench.plugins.kit.augment.Augmentation;
import dev.repbench.plugins.kit.augment.HorizontalFlip;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CellwiseAugmentationTest {

    /** Adds to every small image its position in the batch of cells: 0 … 9·B − 1. */
    private static final Augmentation NUMBER_THE_CELLS = (images, random) ->
            images.add(Tensor.arange(0, images.size(0), 1, DType.FLOAT32).view(images.size(0), 1, 1, 1));

    @Test
    void eachCellIsAugmentedAsItsOwnImageAndTheMarginIsLeftAlone() {
        JigsawGrid grid = JigsawGrid.forSide(32);   // cells of 10 from pixel 1; row and column 0 and 31 outside
        try (Scope s = Scope.open()) {
            Tensor images = Tensor.zeros(2, 3, 32, 32);
            float[] out = new CellwiseAugmentation(grid, NUMBER_THE_CELLS).apply(images, new SplittableRandom(1)).toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            boolean inGrid = y >= 1 && y < 31 && x >= 1 && x < 31;
                            float expected = inGrid ? 9 * b + ((y - 1) / 10) * 3 + (x - 1) / 10 : 0;
                            assertEquals(expected, out[((b * 3 + c) * 32 + y) * 32 + x], "image " + b + " at " + y + "," + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aFlipMirrorsEachCellInPlace() {
        JigsawGrid grid = JigsawGrid.forSide(9);   // cells of 3, no margin
        float[] values = new float[81];
        for (int i = 0; i < 81; i++) {
            values[i] = i;   // pixel (y, x) holds 9y + x
        }
        try (Scope s = Scope.open()) {
            Tensor image = Tensor.of(values, 1, 1, 9, 9).expand(1, 3, 9, 9).contiguous();
            Tensor flipped = new CellwiseAugmentation(grid, new HorizontalFlip(1.0)).apply(image, new SplittableRandom(1));
            float[] firstRow = flipped.select(1, 0).select(1, 0).contiguous().toFloatArray();
            assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6}, firstRow);
            assertArrayEquals(new long[] {1, 3, 9, 9}, flipped.shape());
        }
    }
}
