package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

/**
 * {@code fmnist-cls}: which of the ten Fashion-MNIST classes the one garment on the canvas is. The garment has a
 * random size (30–46 px), position, tint and background, so the class is all that stays fixed.
 */
public final class GarmentClassification extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-cls";

    /** For {@link java.util.ServiceLoader}. */
    public GarmentClassification() {
        super(new Description(NAME, "Battery: garment class of one tinted Fashion-MNIST garment on a 64x64 canvas (10 classes)",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(10),
                1, 100, 3000, 1000, 1));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas canvas = context.noiseCanvas(SIDE, SIDE);
        Garment garment = context.garment();
        float side = random.uniform(30f, 46f);
        canvas.paste(garment, context.inside(side, SIDE), context.inside(side, SIDE), side, 0, Colours.garment(random));
        return Sample.of(canvas.toImage(), new ClassLabel(garment.label()));
    }
}
