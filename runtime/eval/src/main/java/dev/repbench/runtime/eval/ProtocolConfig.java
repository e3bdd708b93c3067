package dev.repbench.runtime.eval;

import dev.repbench.runtime.io.Sha256;
import dev.repbench.api.EndTask;
import dev.repbench.api.Precision;
import dev.repbench.tasks.metrics.MetricMode;

import java.util.Locale;
import java.util.Objects;

/**
 * Everything about head training that changes a result, hashed into the {@link ResultKey}. Epochs are resolved
 * (the task's default filled in) before hashing, so "default" and "explicitly the default" share records.
 *
 * @param learningRate       Adam's learning rate (the study: 3e-4 for every head)
 * @param epochs             passes over train-minus-validation, at least 1
 * @param batchSize          samples per step, at least 1
 * @param weightDecay        Adam's L2 penalty (the study: none)
 * @param validationFraction share of TRAIN carved out as validation when the task has no VAL split, in (0, 1)
 * @param minValidation      the least number of validation samples carved, at least 1
 * @param metricMode         how the metric is aggregated
 * @param input              the image size the encoder is fed ({@link InputResolution#TASK} by default)
 * @param precision          what the head trains in: {@link Precision#BF16} autocasts its forward and loss (pixelwise
 *                           heads only, see {@link #forTask}); fp32 by default
 */
public record ProtocolConfig(double learningRate, int epochs, int batchSize, double weightDecay,
                             double validationFraction, int minValidation, MetricMode metricMode, InputResolution input,
                             Precision precision) {
    /** The study's learning rate. */
    public static final double STUDY_LEARNING_RATE = 3e-4;
    /** Samples per head-training step of an image-level head unless configured. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** Samples per head-training step of a pixelwise head unless configured: block pyramids are large. */
    public static final int DEFAULT_PIXELWISE_BATCH_SIZE = 16;
    /** Share of TRAIN held out for model selection unless configured. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** The least validation samples, so a tiny task still selects on more than a handful. */
    public static final int DEFAULT_MIN_VALIDATION = 50;

    /** @throws IllegalArgumentException if a value is out of range */
    public ProtocolConfig {
        Objects.requireNonNull(metricMode, "metricMode");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(precision, "precision");
        if (!(learningRate > 0) || epochs < 1 || batchSize < 1 || !(weightDecay >= 0)
                || !(validationFraction > 0 && validationFraction < 1) || minValidation < 1) {
            throw new IllegalArgumentException("invalid protocol configuration: " + this);
        }
    }

    /** Settings in fp32. */
    public ProtocolConfig(double learningRate, int epochs, int batchSize, double weightDecay, double validationFraction,
                          int minValidation, MetricMode metricMode, InputResolution input) {
        this(learningRate, epochs, batchSize, weightDecay, validationFraction, minValidation, metricMode, input, Precision.FP32);
    }

    /**
     * What a user may choose about the protocol; {@code null} keeps the task's or the head's default. The command
     * line and run specs both end here, so a setting means the same wherever it is given.
     *
     * @param learningRate Adam's learning rate, above 0
     * @param epochs       head-training epochs, or {@code null} for the task's own
     * @param batchSize    samples per step, or {@code null} for the head's default
     * @param metricMode   how the metric is aggregated
     * @param input        the image size the encoder is fed
     * @param precision    what pixelwise heads train in
     */
    public record Choices(double learningRate, Integer epochs, Integer batchSize, MetricMode metricMode,
                          InputResolution input, Precision precision) {
        /** The study's protocol: Adam 3e-4, each task's epochs, the heads' batches, standard metrics, the task's size, fp32. */
        public static final Choices STUDY = new Choices(STUDY_LEARNING_RATE, null, null, MetricMode.STANDARD,
                InputResolution.TASK, Precision.FP32);

        /** @throws IllegalArgumentException if a number is out of range */
        public Choices {
            Objects.requireNonNull(metricMode, "metricMode");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(precision, "precision");
            if (!(learningRate > 0) || (epochs != null && epochs < 1) || (batchSize != null && batchSize < 1)) {
                throw new IllegalArgumentException("the learning rate is above 0, epochs and batch size 1 or more; got "
                        + learningRate + ", " + epochs + ", " + batchSize);
            }
        }

        /** Choices in fp32. */
        public Choices(double learningRate, Integer epochs, Integer batchSize, MetricMode metricMode, InputResolution input) {
            this(learningRate, epochs, batchSize, metricMode, input, Precision.FP32);
        }
    }

    /**
     * The one place settings are built: {@code choices} with the task's defaults filled in (its epochs; 256 samples
     * per step for image-level heads, 16 for pixelwise heads, whose block pyramids are far larger than embeddings).
     * The precision applies to pixelwise heads only: an image-level head is one small matmul over cached embeddings,
     * which bf16 would make no faster, only coarser, so those cells stay fp32 (and share fp32's records).
     *
     * @param task    the task evaluated
     * @param choices the user's choices
     * @return the settings of the task's cell
     */
    public static ProtocolConfig forTask(EndTask task, Choices choices) {
        int batch = choices.batchSize() != null ? choices.batchSize()
                : task.head().isPixelwise() ? DEFAULT_PIXELWISE_BATCH_SIZE : DEFAULT_BATCH_SIZE;
        int epochs = choices.epochs() != null ? choices.epochs() : task.defaultEpochs();
        Precision precision = task.head().isPixelwise() ? choices.precision() : Precision.FP32;
        return new ProtocolConfig(choices.learningRate(), epochs, batch, 0.0, DEFAULT_VALIDATION_FRACTION,
                DEFAULT_MIN_VALIDATION, choices.metricMode(), choices.input(), precision);
    }

    /**
     * The study's protocol for {@code task} exactly as {@code eval} runs it by default (Adam 3e-4, the head's batch size,
     * standard metrics, the task's input size, fp32): what benchmarks that stand for an evaluation must measure.
     *
     * @param epochs head-training epochs, or {@code null} for the task's own
     */
    public static ProtocolConfig study(EndTask task, Integer epochs) {
        return forTask(task, new Choices(STUDY_LEARNING_RATE, epochs, null, MetricMode.STANDARD, InputResolution.TASK));
    }

    /**
     * The study's protocol (Adam 3e-4, no weight decay) for {@code epochs}, standard metrics, the task's input size, at
     * the image-level heads' batch size whatever the head: for tests of one head; {@link #study(EndTask, Integer)}
     * gives a task the batch {@code eval} would.
     */
    public static ProtocolConfig study(int epochs) {
        return new ProtocolConfig(STUDY_LEARNING_RATE, epochs, DEFAULT_BATCH_SIZE, 0.0, DEFAULT_VALIDATION_FRACTION,
                DEFAULT_MIN_VALIDATION, MetricMode.STANDARD, InputResolution.TASK);
    }

    /** A copy with another learning rate. */
    public ProtocolConfig withLearningRate(double newLearningRate) {
        return new ProtocolConfig(newLearningRate, epochs, batchSize, weightDecay, validationFraction, minValidation, metricMode,
                input, precision);
    }

    /** A copy with another epoch count. */
    public ProtocolConfig withEpochs(int newEpochs) {
        return new ProtocolConfig(learningRate, newEpochs, batchSize, weightDecay, validationFraction, minValidation, metricMode, input,
                precision);
    }

    /** A copy with another batch size. */
    public ProtocolConfig withBatchSize(int newBatchSize) {
        return new ProtocolConfig(learningRate, epochs, newBatchSize, weightDecay, validationFraction, minValidation, metricMode, input,
                precision);
    }

    /** A copy with another metric mode. */
    public ProtocolConfig withMetricMode(MetricMode mode) {
        return new ProtocolConfig(learningRate, epochs, batchSize, weightDecay, validationFraction, minValidation, mode, input,
                precision);
    }

    /** A copy feeding the encoder at another input size. */
    public ProtocolConfig withInput(InputResolution newInput) {
        return new ProtocolConfig(learningRate, epochs, batchSize, weightDecay, validationFraction, minValidation, metricMode, newInput,
                precision);
    }

    /** A copy training pixelwise heads in another precision. */
    public ProtocolConfig withPrecision(Precision newPrecision) {
        return new ProtocolConfig(learningRate, epochs, batchSize, weightDecay, validationFraction, minValidation, metricMode, input,
                newPrecision);
    }

    /**
     * The first 16 hex digits of the sha256 of a canonical text of every field (doubles in their exact
     * hexadecimal form, so no rounding merges two configurations). The precision enters the text only when it is not
     * fp32: fp32 keeps the hashes (and so the records) it had before the setting existed.
     */
    public String hash() {
        String canonical = String.join(";",
                "protocol=repbench-heads/v1",  // names the protocol's algorithm; bump when training or selection changes
                "lr=" + Double.toHexString(learningRate),
                "epochs=" + epochs,
                "batch=" + batchSize,
                "wd=" + Double.toHexString(weightDecay),
                "valFraction=" + Double.toHexString(validationFraction),
                "minVal=" + minValidation,
                "metricMode=" + metricMode.name().toLowerCase(Locale.ROOT),
                "input=" + input.id());
        if (precision != Precision.FP32) {
            canonical += ";precision=" + precision;
        }
        return Sha256.of(canonical).substring(0, 16);
    }
}
