package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

/**
 * {@code fmnist-count}: how many garments (1 to 5, class {@code count − 1}) are on the canvas, in the spirit of
 * CLEVR count. Each garment sits in its own cell of a 3×3 grid with jitter, so garments never overlap and the
 * count is unambiguous; classes and tints are random, so only the number matters.
 */
public final class GarmentCount extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-count";
    /** The largest count. */
    public static final int MAX_COUNT = 5;

    private static final int GRID = 3;

    /** For {@link java.util.ServiceLoader}. */
    public GarmentCount() {
        super(new Description(NAME, "Battery: how many garments (1-5) are on a 64x64 canvas",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(MAX_COUNT),
                1, 100, 2000, 1000, 1));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas canvas = context.noiseCanvas(SIDE, SIDE);
        int count = 1 + random.nextInt(MAX_COUNT);
        int[] cells = new int[GRID * GRID];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = i;
        }
        float cell = (float) SIDE / GRID;
        for (int i = 0; i < count; i++) {
            // A partial Fisher–Yates shuffle: the first `count` cells are a uniform choice without repeats.
            int j = i + random.nextInt(cells.length - i);
            int chosen = cells[j];
            cells[j] = cells[i];
            cells[i] = chosen;
            float side = random.uniform(13f, 19f);
            float left = (chosen % GRID) * cell + random.uniform(0f, cell - side);
            float top = (chosen / GRID) * cell + random.uniform(0f, cell - side);
            canvas.paste(context.garment(), left, top, side, 0, Colours.garment(random));
        }
        return Sample.of(canvas.toImage(), new ClassLabel(count - 1));
    }
}
