package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

import java.util.List;

/**
 * {@code fmnist-motion}: the battery's egomotion. Two frames are windows onto one larger scene of garments, the
 * second shifted as if the camera moved; the answer is which of eight directions the content moved in
 * ({@link #DIRECTIONS}: 0 = right, then counter-clockwise in 45° steps, 2 = up, 4 = left, 6 = down) by
 * 4 to 8 pixels (3 to 6 per axis on diagonals).
 */
public final class SceneMotion extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-motion";

    /** Unit steps (dx, dy) of the content in image coordinates (y down), by class. */
    public static final List<int[]> DIRECTIONS = List.of(new int[] {1, 0}, new int[] {1, -1}, new int[] {0, -1},
            new int[] {-1, -1}, new int[] {-1, 0}, new int[] {-1, 1}, new int[] {0, 1}, new int[] {1, 1});

    /** The largest shift per axis, and the scene's margin around the first window. */
    private static final int MARGIN = 8;

    /** For {@link java.util.ServiceLoader}. */
    public SceneMotion() {
        super(new Description(NAME, "Battery: direction (8-way) in which a garment scene moved between two frames",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.MULTI_INPUT_FUSION, Metric.TOP1,
                new OutputSpec.ClassScores(DIRECTIONS.size()), 2, 100, 2000, 1000, 1));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        int scene = SIDE + 2 * MARGIN;
        Canvas canvas = context.noiseCanvas(scene, scene);
        int garments = 4 + random.nextInt(3);
        for (int i = 0; i < garments; i++) {
            float side = random.uniform(14f, 28f);
            canvas.paste(context.garment(), context.mostlyInside(side, scene), context.mostlyInside(side, scene), side, 0,
                    Colours.garment(random));
        }
        int direction = random.nextInt(DIRECTIONS.size());
        int step = 4 + random.nextInt(5);
        int[] unit = DIRECTIONS.get(direction);
        // Diagonal steps are shortened so every direction moves about `step` pixels.
        int perAxis = unit[0] != 0 && unit[1] != 0 ? Math.round(step * 0.70710677f) : step;
        int dx = unit[0] * perAxis;
        int dy = unit[1] * perAxis;
        // Content at scene point P is at P − window corner in a frame, so moving the window by −d moves content by d.
        return new Sample(List.of(canvas.crop(MARGIN, MARGIN, SIDE, SIDE), canvas.crop(MARGIN - dy, MARGIN - dx, SIDE, SIDE)),
                new ClassLabel(direction));
    }
}
