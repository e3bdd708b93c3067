package dev.repbench.runtime.eval;

import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.api.task.TaskContext;
import dev.repbench.tasks.DescribedTask;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.data.IdxTestFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A tiny classification task for tests: a few hundred 28 × 28 grey images in Fashion-MNIST's IDX layout under the
 * data root, fed to the encoder at 32 × 32. Class {@code c}'s images are stripes whose period and orientation depend
 * on {@code c}, with random phase and noise, so a random-init encoder's pooled features separate them well above chance.
 */
public class TinyFashionTask extends DescribedTask {
    /** The task's name. */
    public static final String NAME = "tiny-fashion";
    /** Its classes. */
    public static final int CLASSES = 10;

    /** For {@link java.util.ServiceLoader}. */
    public TinyFashionTask() {
        this(HeadKind.LINEAR);
    }

    /** The same task with another head, for tests of mismatched tasks. */
    TinyFashionTask(HeadKind head) {
        super(new TaskDescription(NAME, "test task: striped 28x28 images in 10 classes", TaskCategory.SEMANTIC_IMAGE_LEVEL,
                head, Metric.TOP1, new OutputSpec.ClassScores(CLASSES), 1, 3, ImageSize.square(32)));
    }

    @Override
    public TaskDataset open(TaskContext context) {
        return FashionMnistSplits.open(context.dataRoot());
    }

    /** Writes {@code train} and {@code test} images into {@code root}, in Fashion-MNIST's gzipped IDX files. */
    public static Path writeData(Path root, int train, int test) throws IOException {
        Random random = new Random(11);
        for (String prefix : new String[] {"train", "t10k"}) {
            int n = prefix.equals("train") ? train : test;
            byte[] pixels = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = i % CLASSES;
                int period = 2 + c % 5;
                boolean vertical = c >= 5;
                int phase = random.nextInt(period);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int along = vertical ? x : y;
                        int value = ((along + phase) % period < period / 2.0 ? 200 : 40) + (int) (random.nextGaussian() * 20);
                        pixels[i * 784 + y * 28 + x] = (byte) Math.clamp(value, 0, 255);
                    }
                }
                labels[i] = (byte) c;
            }
            IdxTestFiles.write(root.resolve(prefix + "-images-idx3-ubyte.gz"), IdxTestFiles.idx(new int[] {n, 28, 28}, pixels), true);
            IdxTestFiles.write(root.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxTestFiles.idx(new int[] {n}, labels), true);
        }
        return root;
    }
}
