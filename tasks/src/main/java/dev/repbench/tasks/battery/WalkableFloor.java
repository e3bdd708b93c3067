package dev.repbench.tasks.battery;

import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

/**
 * {@code fmnist-walkable}: the battery's NYU walkable. A room seen from above eye level: a strip of wall above a
 * horizon near the top, a chequered floor below it in perspective (tiles shrink towards the horizon), and 4 to 6
 * garments on the floor (lower on the image = nearer = larger, drawn far to near, often overlapping). What lies on
 * the floor decides where one can walk, as a rug or a chair does in a room: clothes ({@link #LIES_FLAT}: tops,
 * trousers, dresses, coats, shirts) lie flat and can be walked on, shoes and bags are obstacles. Class 1 is
 * walkable (free floor and the clothes on it), class 0 everything else (the wall, shoes and bags); blended garment
 * edges are ignored. Rugs and obstacles are equally likely and share one geometry and one tint distribution, so
 * only what the garment is tells them apart; wall and floor colours come from one distribution, so the geometry,
 * not the colour, tells those apart.
 *
 * <p>Version 1 had a wall down to 18-40 rows, 1 to 3 garments on the floor, all obstacles, and up to 2 on the wall:
 * any encoder, trained or not, found free floor from texture and edges (mIoU 0.85 random-init, 0.89 strong after 30
 * epochs), so the task did not separate encoders (issue 16; docs/battery has the measurements).
 */
public final class WalkableFloor extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-walkable";
    /** Label of free floor. */
    public static final int WALKABLE = 1;
    /** Label of everything else. */
    public static final int BLOCKED = 0;
    /** Whether a Fashion-MNIST class lies flat on the floor (clothes) rather than standing on it (shoes, bags). */
    static final boolean[] LIES_FLAT = {true, true, true, true, true, false, true, false, false, false};
    /** The classes that stand on the floor: sandals, sneakers, bags, ankle boots. */
    private static final boolean[] STANDS = {false, false, false, false, false, true, false, true, true, true};

    /** For {@link java.util.ServiceLoader}. */
    public WalkableFloor() {
        super(new Description(NAME, "Battery: walkable mask of a room: free floor and clothes lying on it, not shoes, bags or walls (2 classes)",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.DEEPLAB_V3_PLUS, Metric.MIOU, new OutputSpec.ClassScores(2),
                1, 15, 600, 200, 2));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        int horizon = 2 + random.nextInt(13);
        Canvas canvas = context.noiseCanvas(SIDE, SIDE);
        paintFloor(canvas, horizon, Colours.background(random), Colours.background(random));

        int onFloor = 4 + random.nextInt(3);
        float[] feet = new float[onFloor];
        for (int i = 0; i < onFloor; i++) {
            feet[i] = random.uniform(horizon + 3f, SIDE + 6f);
        }
        java.util.Arrays.sort(feet); // far (near the horizon) first, so nearer garments cover farther ones
        boolean[] walkableLayer = new boolean[onFloor];
        for (float foot : feet) {
            // Rugs and obstacles equally often, with one geometry, so only what the garment is tells them apart.
            boolean flat = random.nextInt(2) == 0;
            Garment garment = context.garmentAmong(flat ? LIES_FLAT : STANDS);
            float side = Math.max(20f, Math.min(52f, 1.2f * (foot - horizon))); // nearer (lower) looks larger
            float top = Math.max(horizon, foot - side);
            int layer = canvas.paste(garment, context.mostlyInside(side, SIDE), top, side, 0, Colours.garment(random));
            walkableLayer[layer] = flat;
        }

        return Sample.of(canvas.toImage(), walkableMap(canvas, horizon, walkableLayer));
    }

    /**
     * The target: free floor (below the horizon, no garment) and the garments lying flat on it are walkable,
     * everything else blocked, blended garment edges ignored.
     *
     * @param canvas        the finished picture
     * @param horizon       the first floor row
     * @param walkableLayer per pasted layer, whether it lies flat on the floor
     * @return the label map
     */
    static LabelMap walkableMap(Canvas canvas, int horizon, boolean[] walkableLayer) {
        int[] labels = new int[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int owner = canvas.owner(y, x);
                boolean walkable = owner == Canvas.BACKGROUND ? y >= horizon : walkableLayer[owner];
                labels[y * SIDE + x] = canvas.mixed(y, x) ? LabelMap.DEFAULT_IGNORE_INDEX : walkable ? WALKABLE : BLOCKED;
            }
        }
        return new LabelMap(SIDE, SIDE, labels, LabelMap.DEFAULT_IGNORE_INDEX);
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
