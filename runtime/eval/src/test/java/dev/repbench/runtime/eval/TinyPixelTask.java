package dev.repbench.runtime.eval;

import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.data.Target;
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
 * Tiny in-memory pixelwise tasks for tests: 32 × 32 grey images of one or two bright rectangles on a dark noisy
 * background. {@link Kind#SEGMENTATION}: bright pixels are class 1 (DeepLabv3+, mIoU), with the rectangles' rims
 * ignored; {@link Kind#DEPTH}: rectangles are near (1), the background far (3), the top row missing (U-Net, −L1);
 * {@link Kind#FLOW}: the rectangles move by a small shift between two frames (Siamese U-Net, 1 − Fl-all).
 */
public class TinyPixelTask extends DescribedTask {
    /** The three tiny tasks. */
    public enum Kind {
        SEGMENTATION, DEPTH, FLOW
    }

    private static final int SIDE = 32;
    private final Kind kind;
    private final int trainSize;
    private final int testSize;

    /**
     * @param kind      which target
     * @param trainSize training samples
     * @param testSize  test samples
     */
    public TinyPixelTask(Kind kind, int trainSize, int testSize) {
        this(kind, trainSize, testSize, null);
    }

    /** The same task scored with another metric (null: its own), for tests of mismatched tasks. */
    public TinyPixelTask(Kind kind, int trainSize, int testSize, Metric metric) {
        super(metric == null ? description(kind) : withMetric(description(kind), metric));
        this.kind = kind;
        this.trainSize = trainSize;
        this.testSize = testSize;
    }

    private static TaskDescription withMetric(TaskDescription d, Metric metric) {
        return new TaskDescription(d.name(), d.oneLine(), d.category(), d.head(), metric, d.output(), d.frames(),
                d.defaultEpochs(), d.inputSize());
    }

    private static TaskDescription description(Kind kind) {
        return switch (kind) {
            case SEGMENTATION -> new TaskDescription("tiny-pixel-segmentation", "test task: bright rectangles, SEGMENTATION",
                    TaskCategory.SEMANTIC_PIXELWISE, HeadKind.DEEPLAB_V3_PLUS, Metric.MIOU, new OutputSpec.ClassScores(2),
                    1, 3, ImageSize.square(SIDE));
            case DEPTH -> new TaskDescription("tiny-pixel-depth", "test task: bright rectangles, DEPTH",
                    TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.UNET, Metric.NEG_L1, new OutputSpec.Values(1),
                    1, 3, ImageSize.square(SIDE));
            case FLOW -> new TaskDescription("tiny-pixel-flow", "test task: bright rectangles, FLOW",
                    TaskCategory.STRUCTURAL_PIXELWISE, HeadKind.SIAMESE_UNET, Metric.ONE_MINUS_FL_ALL,
                    new OutputSpec.Values(2), 2, 3, ImageSize.square(SIDE));
        };
    }

    @Override
    public TaskDataset open(TaskContext context) {
        SampleSource train = samples(trainSize, 11);
        SampleSource test = samples(testSize, 12);
        return InMemoryDataset.of(train, test, "5c".repeat(32));
    }

    private SampleSource samples(int n, long seed) {
        Random random = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int rectangles = 1 + random.nextInt(2);
            int[][] boxes = new int[rectangles][];
            for (int r = 0; r < rectangles; r++) {
                int h = 8 + random.nextInt(10);
                int w = 8 + random.nextInt(10);
                boxes[r] = new int[] {2 + random.nextInt(SIDE - h - 4), 2 + random.nextInt(SIDE - w - 4), h, w};
            }
            int dy = random.nextInt(5) - 2;
            int dx = random.nextInt(5) - 2;
            Image first = draw(boxes, 0, 0, random);
            if (kind == Kind.FLOW) {
                samples.add(new Sample(List.of(first, draw(boxes, dy, dx, random)), flow(boxes, dy, dx)));
            } else {
                samples.add(Sample.of(first, kind == Kind.DEPTH ? depth(boxes) : labels(boxes)));
            }
        }
        return SampleSource.of(samples);
    }

    private static Image draw(int[][] boxes, int dy, int dx, Random random) {
        float[] pixels = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double value = (inside(boxes, y - dy, x - dx) ? 0.85 : 0.15) + random.nextGaussian() * 0.05;
                pixels[y * SIDE + x] = (float) Math.clamp(value, 0.0, 1.0);
            }
        }
        return new Image(1, SIDE, SIDE, pixels);
    }

    private static boolean inside(int[][] boxes, int y, int x) {
        for (int[] b : boxes) {
            if (y >= b[0] && y < b[0] + b[2] && x >= b[1] && x < b[1] + b[3]) {
                return true;
            }
        }
        return false;
    }

    private static Target labels(int[][] boxes) {
        int[] labels = new int[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean in = inside(boxes, y, x);
                // a pixel whose neighbour differs is on a rim: ignored, as annotations ignore boundaries
                boolean rim = in != inside(boxes, y, x - 1) || in != inside(boxes, y - 1, x);
                labels[y * SIDE + x] = rim ? LabelMap.DEFAULT_IGNORE_INDEX : in ? 1 : 0;
            }
        }
        return new LabelMap(SIDE, SIDE, labels, LabelMap.DEFAULT_IGNORE_INDEX);
    }

    private static Target depth(int[][] boxes) {
        float[] depth = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                depth[y * SIDE + x] = y == 0 ? Float.NaN : inside(boxes, y, x) ? 1f : 3f;
            }
        }
        return new ScalarMap(SIDE, SIDE, depth);
    }

    private static Target flow(int[][] boxes, int dy, int dx) {
        int plane = SIDE * SIDE;
        float[] uv = new float[2 * plane];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean missing = x == 0;
                boolean moving = inside(boxes, y, x);
                uv[y * SIDE + x] = missing ? Float.NaN : moving ? dx : 0f;
                uv[plane + y * SIDE + x] = missing ? Float.NaN : moving ? dy : 0f;
            }
        }
        return new FlowMap(SIDE, SIDE, uv);
    }
}
