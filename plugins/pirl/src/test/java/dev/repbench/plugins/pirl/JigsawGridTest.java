package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JigsawGridTest {

    @Test
    void referenceSideGivesTheReferenceCellsAndPatches() {
        assertEquals(new JigsawGrid(255, 85, 64, 0), JigsawGrid.forSide(255));
    }

    @Test
    void sidesDivisibleByThreeUseTheWholeImage() {
        assertEquals(new JigsawGrid(24, 8, 6, 0), JigsawGrid.forSide(24));
        assertEquals(new JigsawGrid(27, 9, 7, 0), JigsawGrid.forSide(27));
    }

    @Test
    void otherSidesCentreTheGridAndLeaveTheRemainderOut() {
        JigsawGrid grid = JigsawGrid.forSide(32);
        assertEquals(new JigsawGrid(32, 10, 8, 1), grid);
        assertEquals(1, grid.cellTop(0));
        assertEquals(21, grid.cellLeft(8));
        assertEquals(21 + 10, grid.cellTop(8) + grid.cell());   // last used row 30, row 31 unused
        assertEquals(new JigsawGrid(31, 10, 8, 0), JigsawGrid.forSide(31));
    }

    @Test
    void cellsAreRowMajor() {
        JigsawGrid grid = JigsawGrid.forSide(27);
        assertEquals(9, grid.cellTop(5));
        assertEquals(18, grid.cellLeft(5));
        assertEquals(18, grid.cellTop(6));
        assertEquals(0, grid.cellLeft(6));
        assertEquals(2, grid.maxOffset());
    }

    @Test
    void tooSmallImagesAndBadFractionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JigsawGrid.forSide(2));
        assertThrows(IllegalArgumentException.class, () -> JigsawGrid.forSide(30, 0));
        assertThrows(IllegalArgumentException.class, () -> new JigsawGrid(10, 4, 2, 0));
    }
}
