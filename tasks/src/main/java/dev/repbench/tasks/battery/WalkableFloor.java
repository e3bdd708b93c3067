package dev.repbench.tasks.battery;

import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

/**
 * {@code fmnist-walkable}: the battery's NYU walkable. A room: a wall above a horizon at a random height, a
 * chequered floor below it in perspective (tiles shrink towards the horizon), 1 to 3 garments standing on the
 * floor (lower on the image = nearer = larger, drawn far to near) and up to 2 hanging on the wall. Class 1 is
 * free floor, class 0 everything else (wall and garments); blended garment edges are ignored. Wall and floor
 * colours come from one distribution, so the geometry, not the colour, tells them apart.
 */
public final class WalkableFloor extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-walkable";
    /** Label of free floor. */
    public static final int WALKABLE = 1;
    /** Label of everything else. */
    public static final int BLOCKED = 0;

    /** For {@link java.util.ServiceLoader}. */
    public WalkableFloor() {
        super(new Description(NAME, "Battery: walkable floor mask of a room with garments standing on the floor (2 classes)",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.DEEPLAB_V3_PLUS, Metric.MIOU, new OutputSpec.ClassScores(2),
                1, 10, 600, 200, 1));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        int horizon = 18 + random.nextInt(23);
        Canvas canvas = context.noiseCanvas(SIDE, SIDE);
        paintFloor(canvas, horizon, Colours.background(random), Colours.background(random));

        int hanging = horizon >= 16 ? random.nextInt(3) : 0;
        for (int i = 0; i < hanging; i++) {
            float side = random.uniform(10f, Math.min(20f, horizon));
            canvas.paste(context.garment(), context.mostlyInside(side, SIDE), random.uniform(0f, horizon - side), side, 0,
                    Colours.garment(random));
        }
        int standing = 1 + random.nextInt(3);
        float[] feet = new float[standing];
        for (int i = 0; i < standing; i++) {
            feet[i] = random.uniform(horizon + 3f, SIDE + 6f);
        }
        java.util.Arrays.sort(feet); // far (near the horizon) first, so nearer garments cover farther ones
        for (float foot : feet) {
            // A garment of fixed real height appears taller the further below the horizon it stands.
            float side = Math.max(8f, Math.min(40f, 1.2f * (foot - horizon)));
            canvas.paste(context.garment(), context.mostlyInside(side, SIDE), foot - side, side, 0, Colours.garment(random));
        }

        int[] labels = new int[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                labels[y * SIDE + x] = canvas.mixed(y, x) ? LabelMap.DEFAULT_IGNORE_INDEX
                        : y >= horizon && canvas.owner(y, x) == Canvas.BACKGROUND ? WALKABLE : BLOCKED;
            }
        }
        return Sample.of(canvas.toImage(), new LabelMap(SIDE, SIDE, labels, LabelMap.DEFAULT_IGNORE_INDEX));
    }

    /**
     * A ground plane seen from a camera at unit height with focal length {@value #SIDE}: row {@code t} below the
     * horizon is at distance {@code SIDE/t}, column x at lateral offset {@code (x − centre)/t}; tiles are 0.5 wide.
     * Far rows fade to the mean colour, where the tiles would alias.
     */
    private static void paintFloor(Canvas canvas, int horizon, float[] light, float[] dark) {
        for (int y = horizon; y < SIDE; y++) {
            float t = y - horizon + 1f;
            float distance = SIDE / t;
            float fade = Math.min(1f, t / 6f);
            for (int x = 0; x < SIDE; x++) {
                float lateral = (x + 0.5f - SIDE / 2f) / t;
                boolean odd = ((int) Math.floor(lateral * 2f) + (int) Math.floor(distance * 2f) & 1) == 1;
                float[] tile = odd ? dark : light;
                float r = fade * tile[0] + (1 - fade) * (light[0] + dark[0]) / 2;
                float g = fade * tile[1] + (1 - fade) * (light[1] + dark[1]) / 2;
                float b = fade * tile[2] + (1 - fade) * (light[2] + dark[2]) / 2;
                canvas.set(y, x, r, g, b);
            }
        }
    }
}
