package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JigsawPuzzleTest {
    private final JigsawGrid grid = JigsawGrid.forSide(32);

    @Test
    void everyImageGetsAPermutationAndOffsetsInsideItsCells() {
        JigsawPuzzle puzzle = JigsawPuzzle.draw(grid, 50, new SplittableRandom(1));
        Set<String> orders = new HashSet<>();
        for (int b = 0; b < 50; b++) {
            int[] sorted = puzzle.permutation()[b].clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, sorted);
            orders.add(Arrays.toString(puzzle.permutation()[b]));
            for (int c = 0; c < JigsawGrid.CELLS; c++) {
                assertTrue(puzzle.rowOffset()[b][c] >= 0 && puzzle.rowOffset()[b][c] <= grid.maxOffset());
                assertTrue(puzzle.columnOffset()[b][c] >= 0 && puzzle.columnOffset()[b][c] <= grid.maxOffset());
            }
        }
        assertTrue(orders.size() > 45, "9! orders: 50 draws should rarely repeat, got " + orders.size() + " distinct");
    }

    @Test
    void offsetsReachBothEndsOfTheirRange() {
        JigsawPuzzle puzzle = JigsawPuzzle.draw(grid, 40, new SplittableRandom(2));
        Set<Integer> seen = new HashSet<>();
        Arrays.stream(puzzle.rowOffset()).forEach(row -> Arrays.stream(row).forEach(seen::add));
        assertEquals(Set.of(0, 1, 2), seen);
    }

    @Test
    void theSameRandomGivesTheSamePuzzle() {
        JigsawPuzzle a = JigsawPuzzle.draw(grid, 3, new SplittableRandom(7));
        JigsawPuzzle b = JigsawPuzzle.draw(grid, 3, new SplittableRandom(7));
        JigsawPuzzle c = JigsawPuzzle.draw(grid, 3, new SplittableRandom(8));
        assertTrue(Arrays.deepEquals(a.permutation(), b.permutation()) && Arrays.deepEquals(a.rowOffset(), b.rowOffset()));
        assertNotEquals(Arrays.deepToString(a.permutation()), Arrays.deepToString(c.permutation()));
    }

    @Test
    void patchCornersFollowThePermutation() {
        int[][] order = {{4, 0, 8, 1, 2, 3, 5, 6, 7}};
        int[][] rows = {{0, 1, 2, 0, 1, 2, 0, 1, 2}};
        int[][] columns = {{2, 2, 2, 1, 1, 1, 0, 0, 0}};
        JigsawPuzzle puzzle = new JigsawPuzzle(grid, order, rows, columns);
        assertEquals(1 + 10 + 1, puzzle.patchTop(0, 0));   // cell 4: centre, row offset 1
        assertEquals(1 + 10 + 1, puzzle.patchLeft(0, 0));  // column offset 1
        assertEquals(1 + 20 + 2, puzzle.patchTop(0, 2));   // cell 8: bottom right
        assertEquals(1 + 20 + 0, puzzle.patchLeft(0, 2));
    }
}
