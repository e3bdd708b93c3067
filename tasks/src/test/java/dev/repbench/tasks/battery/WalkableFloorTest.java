package dev.repbench.tasks.battery;

import dev.repbench.api.data.LabelMap;
import dev.repbench.tasks.data.idx.FashionMnist;
import dev.repbench.tasks.data.idx.LabelledImages;
import dev.repbench.tasks.data.idx.TinyFashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The walkable rule: free floor and clothes lying on it are walkable; the wall, shoes and bags are not. */
class WalkableFloorTest {
    private static final int HORIZON = 24;

    @TempDir
    Path temp;

    @Test
    void clothesLieFlatAndShoesAndBagsStand() {
        // Fashion-MNIST's classes: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.
        assertArrayEquals(new boolean[] {true, true, true, true, true, false, true, false, false, false},
                WalkableFloor.LIES_FLAT);
    }

    @Test
    void freeFloorAndFlatGarmentsAreWalkableTheWallAndStandingGarmentsBlocked() throws IOException {
        LabelledImages images = FashionMnist.read(TinyFashionMnist.write(temp.resolve("fm"), 20, 10, false)).train();
        Canvas canvas = new Canvas(BatteryTask.SIDE, BatteryTask.SIDE);
        int coat = canvas.paste(garmentOf(images, 4), 2, 36, 24, 0, new float[] {1, 0, 0});
        int bag = canvas.paste(garmentOf(images, 8), 36, 36, 24, 0, new float[] {0, 1, 0});
        int onTheWall = canvas.paste(garmentOf(images, 0), 20, 2, 16, 0, new float[] {0, 0, 1});
        boolean[] flat = new boolean[3];
        flat[coat] = true;

        LabelMap map = WalkableFloor.walkableMap(canvas, HORIZON, flat);

        int[] seen = new int[3];
        for (int y = 0; y < BatteryTask.SIDE; y++) {
            for (int x = 0; x < BatteryTask.SIDE; x++) {
                int label = map.get(y, x);
                int owner = canvas.owner(y, x);
                if (canvas.mixed(y, x)) {
                    assertEquals(LabelMap.DEFAULT_IGNORE_INDEX, label, "blended edge at " + y + "," + x);
                } else if (owner == Canvas.BACKGROUND) {
                    assertEquals(y >= HORIZON ? WalkableFloor.WALKABLE : WalkableFloor.BLOCKED, label, "at " + y + "," + x);
                } else {
                    seen[owner]++;
                    assertEquals(owner == coat ? WalkableFloor.WALKABLE : WalkableFloor.BLOCKED, label,
                            "garment " + owner + " at " + y + "," + x);
                }
            }
        }
        assertTrue(seen[coat] > 50 && seen[bag] > 50 && seen[onTheWall] > 20, "each garment shows: " + java.util.Arrays.toString(seen));
    }

    @Test
    void obstaclesAreDrawnOnlyFromShoesAndBagsAndFromEachOfThem() throws IOException {
        LabelledImages images = FashionMnist.read(TinyFashionMnist.write(temp.resolve("fm"), 40, 10, false)).train();
        SampleContext context = new SampleContext(new SampleRandom(7), images);
        boolean[] stands = new boolean[10];
        for (int label : new int[] {5, 7, 8, 9}) {
            stands[label] = true;
        }
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(context.garmentAmong(stands).label());
        }
        assertEquals(java.util.Set.of(5, 7, 8, 9), seen);
    }

    private static Garment garmentOf(LabelledImages images, int label) {
        return new Garment(images, images.indexOf(label, 0), label);
    }
}
