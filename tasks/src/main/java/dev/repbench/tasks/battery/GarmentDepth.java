package dev.repbench.tasks.battery;

import dev.repbench.api.data.Sample;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

import java.util.Arrays;

/**
 * {@code fmnist-depth}: a depth-like map. 2 to 5 garments stand at depths 1.2 to 4.5 (arbitrary units) before a
 * background wall at {@value #BACKGROUND_DEPTH}; a garment's size is inversely proportional to its depth (±10 %),
 * and garments are drawn far to near, so occlusions agree with depth. The target is the depth of the surface each
 * pixel shows; blended garment edges have no ground truth (NaN), like a depth sensor's missing edges.
 */
public final class GarmentDepth extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-depth";
    /** Depth of the background wall. */
    public static final float BACKGROUND_DEPTH = 6f;
    /** Nearest garment depth. */
    public static final float NEAREST = 1.2f;
    /** Farthest garment depth. */
    public static final float FARTHEST = 4.5f;

    /** For {@link java.util.ServiceLoader}. */
    public GarmentDepth() {
        super(new Description(NAME, "Battery: depth map of garments at several distances (nearer = larger) before a far wall",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.UNET, Metric.NEG_L1, new OutputSpec.Values(1),
                1, 15, 600, 200, 1));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas canvas = context.noiseCanvas(SIDE, SIDE);
        int count = 2 + random.nextInt(4);
        float[] depths = new float[count];
        for (int i = 0; i < count; i++) {
            depths[i] = random.uniform(NEAREST, FARTHEST);
        }
        Arrays.sort(depths);
        float[] layerDepth = new float[count];
        for (int i = 0; i < count; i++) {
            float depth = depths[count - 1 - i]; // far to near
            float side = 40f / depth * random.uniform(0.9f, 1.1f);
            int layer = canvas.paste(context.garment(), context.mostlyInside(side, SIDE), context.mostlyInside(side, SIDE),
                    side, 0, Colours.garment(random));
            layerDepth[layer] = depth;
        }
        float[] values = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int owner = canvas.owner(y, x);
                values[y * SIDE + x] = canvas.mixed(y, x) ? Float.NaN
                        : owner == Canvas.BACKGROUND ? BACKGROUND_DEPTH : layerDepth[owner];
            }
        }
        return Sample.of(canvas.toImage(), new ScalarMap(SIDE, SIDE, values));
    }
}
