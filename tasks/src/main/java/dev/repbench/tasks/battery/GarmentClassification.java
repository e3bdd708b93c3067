package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

/**
 * {@code fmnist-cls}: which of the ten Fashion-MNIST classes the one garment on the canvas is. The garment has a
 * random size (30–46 px), position and tint on black, so the class is all that stays fixed.
 *
 * <p>This is the battery's in-domain task, the one that asks whether pretraining on Fashion-MNIST taught the
 * encoder garments, so the background is Fashion-MNIST's own black (generator version 2). Behind a textured or
 * even a plain coloured background, encoders pretrained on grey Fashion-MNIST probed within a few points of a
 * random one (32 px input); on black their learned shapes carry over.
 */
public final class GarmentClassification extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-cls";

    /** For {@link java.util.ServiceLoader}. */
    public GarmentClassification() {
        super(new Description(NAME, "Battery: garment class of one tinted Fashion-MNIST garment on a 64x64 canvas (10 classes)",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(10),
                1, 100, 3000, 1000, 2));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas canvas = context.blackCanvas(SIDE, SIDE);
        Garment garment = context.garment();
        float side = random.uniform(30f, 46f);
        canvas.paste(garment, context.inside(side, SIDE), context.inside(side, SIDE), side, 0, Colours.garment(random));
        return Sample.of(canvas.toImage(), new ClassLabel(garment.label()));
    }
}
