package dev.repbench.runtime.eval;

import dev.repbench.tasks.metrics.MetricMode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
 */
public record ProtocolConfig(double learningRate, int epochs, int batchSize, double weightDecay,
                             double validationFraction, int minValidation, MetricMode metricMode, InputResolution input) {
    /** The study's learning rate. */
    public static final double STUDY_LEARNING_RATE = 3e-4;
    /** Samples per head-training step unless configured. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** Share of TRAIN held out for model selection unless configured. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** The least validation samples, so a tiny task still selects on more than a handful. */
    public static final int DEFAULT_MIN_VALIDATION = 50;

    /** @throws IllegalArgumentException if a value is out of range */
    public ProtocolConfig {
        Objects.requireNonNull(metricMode, "metricMode");
        Objects.requireNonNull(input, "input");
        if (!(learningRate > 0) || epochs < 1 || batchSize < 1 || !(weightDecay >= 0)
                || !(validationFraction > 0 && validationFraction < 1) || minValidation < 1) {
            throw new IllegalArgumentException("invalid protocol configuration: " + this);
        }
    }

    /** The study's protocol (Adam 3e-4, no weight decay) for {@code epochs}, standard metrics, the task's input size. */
    public static ProtocolConfig study(int epochs) {
        return new ProtocolConfig(STUDY_LEARNING_RATE, epochs, DEFAULT_BATCH_SIZE, 0.0, DEFAULT_VALIDATION_FRACTION,
                DEFAULT_MIN_VALIDATION, MetricMode.STANDARD, InputResolution.TASK);
    }

    /** A copy with another epoch count. */
    public ProtocolConfig withEpochs(int newEpochs) {
        return new ProtocolConfig(learningRate, newEpochs, batchSize, weightDecay, validationFraction, minValidation, metricMode, input);
    }

    /** A copy with another batch size. */
    public ProtocolConfig withBatchSize(int newBatchSize) {
        return new ProtocolConfig(learningRate, epochs, newBatchSize, weightDecay, validationFraction, minValidation, metricMode, input);
    }

    /** A copy with another metric mode. */
    public ProtocolConfig withMetricMode(MetricMode mode) {
        return new ProtocolConfig(learningRate, epochs, batchSize, weightDecay, validationFraction, minValidation, mode, input);
    }

    /** A copy feeding the encoder at another input size. */
    public ProtocolConfig withInput(InputResolution newInput) {
        return new ProtocolConfig(learningRate, epochs, batchSize, weightDecay, validationFraction, minValidation, metricMode, newInput);
    }

    /**
     * The first 16 hex digits of the sha256 of a canonical text of every field (doubles in their exact
     * hexadecimal form, so no rounding merges two configurations).
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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
