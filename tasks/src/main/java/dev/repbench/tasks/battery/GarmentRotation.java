package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

/**
 * {@code fmnist-rotation}: by how many counter-clockwise quarter turns (0, 90, 180 or 270 degrees; classes 0..3)
 * the garment was turned from Fashion-MNIST's upright pose. Orientation, not identity: a structural question about
 * a single image.
 */
public final class GarmentRotation extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-rotation";

    /** For {@link java.util.ServiceLoader}. */
    public GarmentRotation() {
        super(new Description(NAME, "Battery: rotation of a garment in quarter turns (0/90/180/270 degrees)",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(4),
                1, 100, 2000, 1000, 1));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas canvas = context.noiseCanvas(SIDE, SIDE);
        int quarterTurns = random.nextInt(4);
        float side = random.uniform(30f, 46f);
        canvas.paste(context.garment(), context.inside(side, SIDE), context.inside(side, SIDE), side, quarterTurns,
                Colours.garment(random));
        return Sample.of(canvas.toImage(), new ClassLabel(quarterTurns));
    }
}
