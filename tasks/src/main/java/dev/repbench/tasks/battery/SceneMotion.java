package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

import java.util.List;

/**
 * {@code fmnist-motion}: the battery's egomotion, as THOR's: which of six camera actions ({@link #ACTIONS}) took
 * the first frame to the second. Both frames are views of one larger scene of garments; turning or looking moves
 * the whole view by a quarter to three eighths of the frame ({@value #MIN_SHIFT}–{@value #MAX_SHIFT} px), moving
 * forward or back zooms it by 1.4–1.6×.
 *
 * <p>Generator version 2. Version 1 asked for one of eight directions of a 4–8 px shift: between two globally pooled
 * frames a linear fusion head could not tell that from noise, and a Fashion-MNIST classifier scored within four
 * points of a random initialisation. Large, structured motions change what the frame shows (a third of it new, or
 * every garment larger or smaller), which pooled features can carry.
 */
public final class SceneMotion extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-motion";

    /** The camera actions, by class; a turn left moves the content right, looking up moves it down. */
    public static final List<String> ACTIONS = List.of("turn left", "turn right", "look up", "look down",
            "move forward", "move back");
    /** Classes 0..3: how the content moves in image coordinates (dx, dy), y down. */
    static final List<int[]> CONTENT_STEPS = List.of(new int[] {1, 0}, new int[] {-1, 0}, new int[] {0, 1},
            new int[] {0, -1});
    /** Class of moving forward (zoom in); the next class is moving back (zoom out). */
    public static final int FORWARD = 4;

    /** Smallest and largest shift of a turn or look, in pixels. */
    public static final int MIN_SHIFT = 16;
    public static final int MAX_SHIFT = 24;
    /** Smallest and largest zoom factor of a move. */
    public static final float MIN_ZOOM = 1.4f;
    public static final float MAX_ZOOM = 1.6f;

    /** The scene's side: room for the largest shift or zoom-out around a jittered first view. */
    private static final int SCENE = 128;
    private static final int JITTER = 4;

    /** For {@link java.util.ServiceLoader}. */
    public SceneMotion() {
        super(new Description(NAME, "Battery: camera action (turn, look up/down, move forward/back) between two frames of a garment scene",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.MULTI_INPUT_FUSION, Metric.TOP1,
                new OutputSpec.ClassScores(ACTIONS.size()), 2, 100, 2000, 1000, 2));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas canvas = context.noiseCanvas(SCENE, SCENE);
        // Four frames' worth of scene, so about five garments in any view, near or far.
        int garments = 18 + random.nextInt(7);
        for (int i = 0; i < garments; i++) {
            float side = random.uniform(14f, 30f);
            canvas.paste(context.garment(), context.mostlyInside(side, SCENE), context.mostlyInside(side, SCENE), side, 0,
                    Colours.garment(random));
        }
        int action = random.nextInt(ACTIONS.size());
        // Whole-pixel centres and a half-side of SIDE/2 make the first view, and every turned one, an exact crop.
        float y = SCENE / 2f + random.nextInt(2 * JITTER + 1) - JITTER;
        float x = SCENE / 2f + random.nextInt(2 * JITTER + 1) - JITTER;
        float half = SIDE / 2f;
        float secondY = y;
        float secondX = x;
        float secondHalf = half;
        if (action < FORWARD) {
            int shift = MIN_SHIFT + random.nextInt(MAX_SHIFT - MIN_SHIFT + 1);
            int[] step = CONTENT_STEPS.get(action);
            // Content at scene point P is at P − window corner in a view, so moving the window by −d moves content by d.
            secondX -= step[0] * shift;
            secondY -= step[1] * shift;
        } else {
            float zoom = random.uniform(MIN_ZOOM, MAX_ZOOM);
            secondHalf = action == FORWARD ? half / zoom : half * zoom;
        }
        return new Sample(List.of(canvas.view(y, x, half, SIDE), canvas.view(secondY, secondX, secondHalf, SIDE)),
                new ClassLabel(action));
    }
}
