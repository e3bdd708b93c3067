package dev.repbench.runtime.eval;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.api.task.TaskContext;
import dev.repbench.tasks.DescribedTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A tiny two-frame task for tests, in memory: 4 classes; frame 0's stripe orientation carries one bit of the label
 * and frame 1's stripe period the other, so only a head that sees both frames can beat 50 %.
 */
public class TinyMotionTask extends DescribedTask {
    /** The task's name. */
    public static final String NAME = "tiny-motion";

    /** For {@link java.util.ServiceLoader}. */
    public TinyMotionTask() {
        super(new TaskDescription(NAME, "test task: two striped frames, 4 classes", TaskCategory.STRUCTURAL_IMAGE_LEVEL,
                HeadKind.MULTI_INPUT_FUSION, Metric.TOP1, new OutputSpec.ClassScores(4), 2, 3, ImageSize.square(32)));
    }

    @Override
    public TaskDataset open(TaskContext context) {
        SampleSource train = samples(240, 1);
        SampleSource test = samples(120, 2);
        return InMemoryDataset.of(train, test, "7e".repeat(32));
    }

    private static SampleSource samples(int n, long seed) {
        Random random = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            Image first = stripes((c & 1) == 1, 4, random);
            Image second = stripes(false, (c & 2) == 2 ? 2 : 7, random);
            samples.add(new Sample(List.of(first, second), new ClassLabel(c)));
        }
        return SampleSource.of(samples);
    }

    private static Image stripes(boolean vertical, int period, Random random) {
        float[] pixels = new float[28 * 28];
        int phase = random.nextInt(period);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int along = vertical ? x : y;
                double value = ((along + phase) % period < period / 2.0 ? 0.8 : 0.15) + random.nextGaussian() * 0.05;
                pixels[y * 28 + x] = (float) Math.clamp(value, 0.0, 1.0);
            }
        }
        return new Image(1, 28, 28, pixels);
    }
}
