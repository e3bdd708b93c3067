package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code fmnist-seq6}: the battery's six-frame clip, in the role of Kinetics action. One garment glides across all
 * six frames; each frame also shows a distractor of another class, a new one every frame. The answer is the
 * class of the garment that stays, which no single frame tells (each shows two classes) but the sequence does.
 *
 * <p>Generator version 2: the garment that stays is large (30–40 px) and always in front, each distractor smaller
 * (16–24 px) and behind it, and the training split has 1000 clips. In version 1 both were 24–32 px and either could
 * cover the other, with 600 clips for a head of six 512-wide layers, and a Fashion-MNIST classifier probed within
 * seven points of a random initialisation.
 */
public final class PersistentGarment extends BatteryTask {
    /** The task's name. */
    public static final String NAME = "fmnist-seq6";
    /** Frames per clip. */
    public static final int FRAMES = 6;

    /** For {@link java.util.ServiceLoader}. */
    public PersistentGarment() {
        super(new Description(NAME, "Battery: class of the garment present in all six frames among changing distractors",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.MULTI_INPUT_FUSION, Metric.TOP1, new OutputSpec.ClassScores(10),
                FRAMES, 100, 1000, 300, 2));
    }

    @Override
    Sample draw(SampleContext context) {
        SampleRandom random = context.random();
        Canvas background = context.noiseCanvas(SIDE, SIDE);
        Garment kept = context.garment();
        float[] tint = Colours.garment(random);
        float side = random.uniform(30f, 40f);
        float startX = context.inside(side, SIDE);
        float startY = context.inside(side, SIDE);
        float endX = context.inside(side, SIDE);
        float endY = context.inside(side, SIDE);
        List<Image> frames = new ArrayList<>(FRAMES);
        for (int t = 0; t < FRAMES; t++) {
            float f = t / (FRAMES - 1f);
            Canvas canvas = background.copy();
            Garment distractor = context.garmentNotOf(kept.label());
            float distractorSide = random.uniform(16f, 24f);
            float distractorX = context.inside(distractorSide, SIDE);
            float distractorY = context.inside(distractorSide, SIDE);
            float[] distractorTint = Colours.garment(random);
            canvas.paste(distractor, distractorX, distractorY, distractorSide, 0, distractorTint);
            canvas.paste(kept, startX + f * (endX - startX), startY + f * (endY - startY), side, 0, tint);
            frames.add(canvas.toImage());
        }
        return new Sample(frames, new ClassLabel(kept.label()));
    }
}
