package dev.repbench.tasks.battery;

import dev.repbench.api.data.Image;
import dev.repbench.tasks.data.idx.FashionMnist;
import dev.repbench.tasks.data.idx.TinyFashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pretraining scenes: deterministic, labelled by their garment, drawn from training garments only, as described. */
class GarmentScenesTest {
    private static final int SIDE = GarmentScenes.SIDE;

    @TempDir
    Path temp;

    @Test
    void aSceneIsTheSameEveryTimeItIsDrawn() throws IOException {
        GarmentScenes first = new GarmentScenes(FashionMnist.read(TinyFashionMnist.write(temp.resolve("a"), 40, 10, false)));
        GarmentScenes again = new GarmentScenes(FashionMnist.read(TinyFashionMnist.write(temp.resolve("b"), 40, 10, true)));
        for (int i = 0; i < 40; i++) {
            Image scene = first.scene(i);
            assertEquals(3, scene.channels());
            assertEquals(SIDE, scene.height());
            assertEquals(SIDE, scene.width());
            assertArrayEquals(scene.pixels(), first.scene(i).pixels(), "scene " + i + " drawn twice");
            assertArrayEquals(scene.pixels(), again.scene(i).pixels(), "scene " + i + " from another copy of the files");
        }
        assertTrue(!Arrays.equals(first.scene(0).pixels(), first.scene(10).pixels()), "two garments of one class differ");
    }

    @Test
    void eachSceneIsLabelledByItsTrainingGarmentsClass() throws IOException {
        FashionMnist data = FashionMnist.read(TinyFashionMnist.write(temp.resolve("f"), 50, 20, false));
        GarmentScenes scenes = new GarmentScenes(data);
        assertEquals(data.train().size(), scenes.size());
        for (int i = 0; i < scenes.size(); i++) {
            assertEquals(data.train().label(i), scenes.label(i));
            assertEquals(i % 10, scenes.label(i)); // TinyFashionMnist's labels
        }
    }

    @Test
    void onlyTheTrainingGarmentsAreRead() throws IOException {
        // The same training files (same count and seed) beside test files of another size and content.
        GarmentScenes withSomeTests = new GarmentScenes(FashionMnist.read(TinyFashionMnist.write(temp.resolve("a"), 30, 10, false)));
        GarmentScenes withOtherTests = new GarmentScenes(FashionMnist.read(TinyFashionMnist.write(temp.resolve("b"), 30, 70, false)));
        assertEquals(30, withSomeTests.size());
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(withSomeTests.scene(i).pixels(), withOtherTests.scene(i).pixels(), "scene " + i);
        }
        // And a different training garment gives a different scene.
        GarmentScenes squares = new GarmentScenes(FashionMnist.read(squares(temp.resolve("squares"), 30)));
        assertTrue(!Arrays.equals(withSomeTests.scene(0).pixels(), squares.scene(0).pixels()));
    }

    /**
     * With a garment that fills its whole 28×28 image, a scene on black shows the garment's box itself: a square of
     * side 0.3–0.9 of the canvas, bright inside, black outside; the other scenes' backgrounds are dark blotches.
     */
    @Test
    void theGarmentsBoxAndTheBackgroundsFollowTheRecipe() throws IOException {
        GarmentScenes scenes = new GarmentScenes(FashionMnist.read(squares(temp.resolve("squares"), 400)));
        int black = 0;
        int smallest = SIDE;
        int largest = 0;
        for (int i = 0; i < scenes.size(); i++) {
            float[] p = scenes.scene(i).pixels();
            int plane = SIDE * SIDE;
            boolean[] bright = new boolean[plane];
            int top = SIDE, bottom = -1, left = SIDE, right = -1;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int at = y * SIDE + x;
                    float max = Math.max(p[at], Math.max(p[plane + at], p[2 * plane + at]));
                    // A garment tint has value 0.7-1 and a fully white garment keeps it; backgrounds stay at or below 0.5.
                    bright[at] = max > 0.55f;
                    if (bright[at]) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            int height = bottom - top + 1;
            int width = right - left + 1;
            assertTrue(Math.abs(height - width) <= 2, "scene " + i + ": the box is square, got " + height + "x" + width);
            // Pixels a box edge only partly covers blend with the background: one pixel either side.
            assertTrue(width >= Math.floor(GarmentScenes.MIN_BOX * SIDE) - 1 && width <= Math.ceil(GarmentScenes.MAX_BOX * SIDE) + 1,
                    "scene " + i + ": box side " + width);
            smallest = Math.min(smallest, width);
            largest = Math.max(largest, width);
            boolean allBlack = true;
            for (int at = 0; at < plane; at++) {
                if (bright[at]) {
                    continue;
                }
                int y = at / SIDE, x = at % SIDE;
                boolean edge = y == top - 1 || y == bottom + 1 || x == left - 1 || x == right + 1 || y == top || y == bottom
                        || x == left || x == right;
                for (int c = 0; c < 3; c++) {
                    float v = p[c * plane + at];
                    assertTrue(edge || v <= 0.5f, "scene " + i + ": background pixel (" + y + ", " + x + ") is dark, got " + v);
                    allBlack &= edge || v == 0f;
                }
            }
            black += allBlack ? 1 : 0;
        }
        assertTrue(smallest <= 24 && largest >= 52, "box sides span 0.3-0.9 of the side: " + smallest + ".." + largest);
        assertTrue(black >= 160 && black <= 240, "about half the 400 scenes are on black: " + black);
    }

    /** Fashion-MNIST files whose every garment is a white 28×28 square, labelled i mod 10; one test image. */
    private static Path squares(Path folder, int count) throws IOException {
        java.nio.file.Files.createDirectories(folder);
        byte[] white = new byte[count * 28 * 28];
        Arrays.fill(white, (byte) 255);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        TinyFashionMnist.write(folder.resolve("train-images-idx3-ubyte"), TinyFashionMnist.idx(0x803, white, count, 28, 28), false);
        TinyFashionMnist.write(folder.resolve("train-labels-idx1-ubyte"), TinyFashionMnist.idx(0x801, labels, count), false);
        TinyFashionMnist.write(folder.resolve("t10k-images-idx3-ubyte"), TinyFashionMnist.idx(0x803, new byte[28 * 28], 1, 28, 28), false);
        TinyFashionMnist.write(folder.resolve("t10k-labels-idx1-ubyte"), TinyFashionMnist.idx(0x801, new byte[1], 1), false);
        return folder;
    }
}
