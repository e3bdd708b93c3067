package dev.repbench.tasks.battery;

import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

import java.util.List;

/**
 * {@code fmnist-flow}: the battery's KITTI flow. Over a static textured background, 2 to 4 garments each move by
 * their own sub-pixel displacement (up to {@value #MAX_SHIFT} px per axis) between the two frames. The target is
 * the flow from frame 1 to frame 2: the garment's displacement on its pixels, zero on the background. A pixel is
 * valid only if what it shows is still visible at its destination in frame 2: pixels that leave the canvas,
 * become hidden by another garment, or are blended edges in either frame have no ground truth (NaN), as KITTI
 * marks pixels it cannot match.
 *
 * <p>40 epochs, from the strong encoder's validation curve (issue 16): its head keeps the zero-flow answer for about
 * 25 epochs and then learns the garments' motion, still improving at epoch 39; at 20 epochs no encoder separated
 * from random-init.
 */
public final class GarmentFlow extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-flow";
    /** The largest displacement per axis, in pixels. */
    public static final float MAX_SHIFT = 7f;

    /** For {@link java.util.ServiceLoader}. */
    public GarmentFlow() {
        super(new Description(NAME, "Battery: optical flow of garments moving independently over a static background",
                TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.SIAMESE_UNET, Metric.ONE_MINUS_FL_ALL, new OutputSpec.Values(2),
                2, 40, 400, 150, 1));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas first = context.noiseCanvas(SIDE, SIDE);
        Canvas second = first.copy();
        int count = 2 + random.nextInt(3);
        float[] du = new float[count];
        float[] dv = new float[count];
        for (int i = 0; i < count; i++) {
            Garment garment = context.garment();
            float side = random.uniform(18f, 32f);
            float left = context.mostlyInside(side, SIDE);
            float top = context.mostlyInside(side, SIDE);
            float[] tint = Colours.garment(random);
            du[i] = random.uniform(-MAX_SHIFT, MAX_SHIFT);
            dv[i] = random.uniform(-MAX_SHIFT, MAX_SHIFT);
            first.paste(garment, left, top, side, 0, tint);
            second.paste(garment, left + du[i], top + dv[i], side, 0, tint);
        }
        int plane = SIDE * SIDE;
        float[] uv = new float[2 * plane];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int p = y * SIDE + x;
                int owner = first.owner(y, x);
                float u = owner == Canvas.BACKGROUND ? 0f : du[owner];
                float v = owner == Canvas.BACKGROUND ? 0f : dv[owner];
                boolean valid = !first.mixed(y, x) && stillVisible(second, owner, Math.round(y + v), Math.round(x + u));
                uv[p] = valid ? u : Float.NaN;
                uv[plane + p] = valid ? v : Float.NaN;
            }
        }
        return new Sample(List.of(first.toImage(), second.toImage()), new FlowMap(SIDE, SIDE, uv));
    }

    /** Whether frame 2 shows the same layer, unblended, where a frame-1 pixel of {@code owner} moved to. */
    private static boolean stillVisible(Canvas second, int owner, int y, int x) {
        return y >= 0 && x >= 0 && y < SIDE && x < SIDE && !second.mixed(y, x) && second.owner(y, x) == owner;
    }
}
