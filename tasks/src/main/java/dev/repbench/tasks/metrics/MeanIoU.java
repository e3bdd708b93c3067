package dev.repbench.tasks.metrics;

import dev.repbench.api.task.Metric;
import dev.repbench.torch.DType;
import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.Arrays;

/**
 * Mean intersection over union for segmentation.
 *
 * <p>{@link MetricMode#STANDARD}: a confusion matrix of long counts accumulated over every pixel of the test set,
 * pixels labelled with the ignore index dropped; per class c, with I the pixels of class c predicted c, P the
 * pixels predicted c and G the pixels labelled c, IoU = I / (P + G − I); the score is the mean over the classes
 * with P + G &gt; 0 (a class nobody predicted or labelled says nothing and is left out; a class predicted but never
 * labelled counts with IoU 0).
 *
 * <p>{@link MetricMode#VIRB_COMPAT} (ViRB's {@code iou}): each {@code add} call is one batch. For every class
 * other than 0 that is labelled somewhere in the batch, each image scores (I + 10⁻⁸) / (U + 10⁻⁸) — so an image
 * where the class is absent and not predicted scores 1 — and the class's value is the mean over the batch's
 * images; the batch's value is the mean over those classes, and the score the mean over batches. Class 0 never
 * counts. Ignore-index pixels are dropped here too (the one liberty taken: ViRB had no ignore index), and a batch
 * with no class to score is left out (ViRB would have produced NaN).
 */
public final class MeanIoU extends BatchMeanMetric {
    /** ViRB's smoothing term. */
    static final double VIRB_EPSILON = 1e-8;

    private static final Op NE = Op.of("aten::ne", "Scalar");
    private static final Op MASKED_SELECT = Op.of("aten::masked_select");
    private static final Op BINCOUNT = Op.of("aten::bincount");
    // Integer scalars keep int64 indices int64 (a double scalar would promote them to float).
    private static final Op MUL_INT = Op.of("aten::mul", "Scalar");

    private final int classes;
    private final int ignoreIndex;
    /** {@code confusion[truth * classes + predicted]}. */
    private final long[] confusion;
    private long pixels;

    private MeanIoU(int classes, int ignoreIndex, MetricMode mode) {
        super(Metric.MIOU, mode);
        if (classes < 2) {
            throw new IllegalArgumentException("mIoU needs at least 2 classes, got " + classes);
        }
        if (ignoreIndex >= 0 && ignoreIndex < classes) {
            throw new IllegalArgumentException("ignore index " + ignoreIndex + " is one of the " + classes + " classes");
        }
        this.classes = classes;
        this.ignoreIndex = ignoreIndex;
        this.confusion = new long[classes * classes];
    }

    /**
     * @param classes     the number of classes; labels and predictions are {@code 0..classes-1}
     * @param ignoreIndex the label of unlabelled pixels (outside {@code 0..classes-1}, e.g. 255)
     */
    public static MeanIoU of(int classes, int ignoreIndex, MetricMode mode) {
        return new MeanIoU(classes, ignoreIndex, mode);
    }

    public int classes() {
        return classes;
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    /**
     * One batch of {@code images} images, each flattened, concatenated image after image.
     *
     * @param predicted predicted classes, {@code 0..classes-1}
     * @param labels    labels, {@code 0..classes-1} or the ignore index
     * @throws IllegalArgumentException if the lengths differ or do not split into {@code images} images, or a value
     *                                  is out of range
     */
    public void add(int[] predicted, int[] labels, int images) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        if (images < 1 || labels.length % images != 0) {
            throw new IllegalArgumentException(labels.length + " pixels do not split into " + images + " images");
        }
        int perImage = labels.length / images;
        long[][] perImageConfusion = new long[images][classes * classes];
        for (int i = 0; i < labels.length; i++) {
            int truth = labels[i];
            if (truth == ignoreIndex) {
                continue;
            }
            int guess = predicted[i];
            checkClass("label", truth, i);
            checkClass("prediction", guess, i);
            perImageConfusion[i / perImage][truth * classes + guess]++;
        }
        accept(perImageConfusion);
    }

    /** One batch of a single image. */
    public void add(int[] predicted, int[] labels) {
        add(predicted, labels, 1);
    }

    /**
     * One batch of logits; the argmax over classes and the counting run on the torch side.
     *
     * @param logits {@code [N, classes, H, W]}
     * @param labels {@code [N, H, W]} int64
     */
    public void add(Tensor logits, Tensor labels) {
        if (logits.ndim() != 4 || logits.size(1) != classes) {
            throw new IllegalArgumentException("expected [N, " + classes + ", H, W] logits, got " + logits.describe());
        }
        try (Scope s = Scope.open()) {
            addPredicted(logits.argmax(1, false), labels);
        }
    }

    /**
     * One batch of predicted classes.
     *
     * @param predicted {@code [N, H, W]} int64 classes
     * @param labels    {@code [N, H, W]} int64 labels or the ignore index
     */
    public void addPredicted(Tensor predicted, Tensor labels) {
        long[] shape = labels.shape();
        if (shape.length != 3 || !Arrays.equals(shape, predicted.shape())) {
            throw new IllegalArgumentException("expected [N, H, W] predictions and labels of one shape, got "
                    + predicted.describe() + " and " + labels.describe());
        }
        int images = Math.toIntExact(shape[0]);
        long[] counts;
        try (Scope s = Scope.open()) {
            Tensor labelled = NE.call1(labels, (long) ignoreIndex);
            Tensor truth = MASKED_SELECT.call1(labels, labelled);
            Tensor guess = MASKED_SELECT.call1(predicted, labelled);
            checkRange("label", truth);
            checkRange("prediction", guess);
            Tensor image = Tensor.arange(0, images, 1, DType.INT64).view(images, 1, 1).expand(shape);
            Tensor imageOfPixel = MASKED_SELECT.call1(image, labelled);
            long cells = (long) classes * classes;
            Tensor index = MUL_INT.call1(imageOfPixel, cells).add(MUL_INT.call1(truth, (long) classes)).add(guess);
            counts = BINCOUNT.call1(index, null, cells * images).toLongArray();
        }
        long[][] perImageConfusion = new long[images][];
        int cells = classes * classes;
        for (int n = 0; n < images; n++) {
            perImageConfusion[n] = Arrays.copyOfRange(counts, n * cells, (n + 1) * cells);
        }
        accept(perImageConfusion);
    }

    private void checkRange(String what, Tensor values) {
        if (values.numel() == 0) {
            return;
        }
        long min = (long) values.min().item();
        long max = (long) values.max().item();
        if (min < 0 || max >= classes) {
            throw new IllegalArgumentException("a " + what + " lies outside 0…" + (classes - 1) + " (range " + min + "…" + max
                    + ", ignore index " + ignoreIndex + ")");
        }
    }

    private void checkClass(String what, int value, int pixel) {
        if (value < 0 || value >= classes) {
            throw new IllegalArgumentException(what + " " + value + " at pixel " + pixel + " lies outside 0…" + (classes - 1)
                    + " and is not the ignore index " + ignoreIndex);
        }
    }

    /** Adds one batch, given as a confusion matrix per image. */
    private void accept(long[][] perImageConfusion) {
        for (long[] image : perImageConfusion) {
            for (int cell = 0; cell < confusion.length; cell++) {
                confusion[cell] += image[cell];
                pixels += image[cell];
            }
        }
        double batchValue = virbBatchValue(perImageConfusion);
        if (!Double.isNaN(batchValue)) {
            addBatchScore(batchValue);
        }
    }

    /** ViRB's per-batch IoU: over classes ≠ 0 labelled in the batch, the mean over images of smoothed IoU. */
    private double virbBatchValue(long[][] perImageConfusion) {
        double classSum = 0;
        int scored = 0;
        for (int c = 1; c < classes; c++) {
            boolean labelled = false;
            for (long[] image : perImageConfusion) {
                labelled |= labelledAs(image, c) > 0;
            }
            if (!labelled) {
                continue;
            }
            double imageSum = 0;
            for (long[] image : perImageConfusion) {
                long intersection = image[c * classes + c];
                long union = labelledAs(image, c) + predictedAs(image, c) - intersection;
                imageSum += (intersection + VIRB_EPSILON) / (union + VIRB_EPSILON);
            }
            classSum += imageSum / perImageConfusion.length;
            scored++;
        }
        return scored == 0 ? Double.NaN : classSum / scored;
    }

    private long labelledAs(long[] matrix, int c) {
        long g = 0;
        for (int p = 0; p < classes; p++) {
            g += matrix[c * classes + p];
        }
        return g;
    }

    private long predictedAs(long[] matrix, int c) {
        long p = 0;
        for (int t = 0; t < classes; t++) {
            p += matrix[t * classes + c];
        }
        return p;
    }

    /** The confusion matrix so far, {@code [truth][predicted]}, ignored pixels excluded (a copy). */
    public long[][] confusionMatrix() {
        long[][] out = new long[classes][classes];
        for (int t = 0; t < classes; t++) {
            System.arraycopy(confusion, t * classes, out[t], 0, classes);
        }
        return out;
    }

    /** The IoU of class {@code c} over the set, I / (P + G − I); NaN when it was neither labelled nor predicted. */
    public double iou(int c) {
        long intersection = confusion[c * classes + c];
        long union = labelledAs(confusion, c) + predictedAs(confusion, c) - intersection;
        return union == 0 ? Double.NaN : (double) intersection / union;
    }




    @Override
    double standardScore() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            double value = iou(c);
            if (!Double.isNaN(value)) {
                sum += value;
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /** Labelled pixels accumulated (ignored pixels excluded). */
    @Override
    public long count() {
        return pixels;
    }
}
