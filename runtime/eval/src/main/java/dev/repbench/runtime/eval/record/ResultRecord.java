package dev.repbench.runtime.eval.record;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.repbench.api.EndTask;
import dev.repbench.api.Precision;
import dev.repbench.runtime.eval.Curves;
import dev.repbench.runtime.eval.EpochSelection;
import dev.repbench.runtime.eval.Protocol;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.runtime.version.Processor;
import dev.repbench.torch.Torch;

import java.util.List;
import java.util.Objects;

/**
 * One evaluated cell (encoder, task, configuration, seed), as stored by {@link ResultStore}: the scores, what
 * produced them, and the hashes that make the run reproducible. Read and written with Jackson; unknown fields are
 * ignored so older RepBench versions can read newer records.
 *
 * @param formatVersion         {@link #FORMAT_VERSION} when written
 * @param task                  the task's name
 * @param category              the task's category label
 * @param head                  the head kind, e.g. {@code LINEAR}
 * @param metric                the metric's name, e.g. {@code top1}
 * @param metricMode            {@code STANDARD} or {@code VIRB_COMPAT}
 * @param testAtBestValidation  the test metric at the epoch with the best validation score: the reported number
 * @param testAtLastEpoch       the test metric after the last epoch (what the study's code reported)
 * @param validationAtBest      the best validation score
 * @param bestEpoch             the selected epoch, 1-based
 * @param validationCurve       the validation score after each epoch
 * @param testCurve             the test score after each epoch (recorded, never used for selection)
 * @param splits                samples used per split
 * @param hyperparameters       the head's training settings
 * @param configHash            {@link ProtocolConfig#hash()}
 * @param seed                  the run's seed
 * @param wallSeconds           wall time of the cell (features, training, scoring)
 * @param versions              software that produced the record
 * @param device                where the encoder and head ran, e.g. {@code cpu}
 * @param encoderSha256         the encoder's ONNX sha256
 * @param datasetManifestHash   the task data's manifest hash
 * @param validationIndicesHash {@link ValidationSplit#indicesHash()} of the carve used
 * @param precision             what the head trained in, {@code fp32} or {@code bf16} (after any fallback to fp32 on
 *                              hardware without native bf16); records written before the setting existed read as fp32
 * @param processor             the processor model it ran on, with its logical processors ({@link Processor#describe()}):
 *                              scores are reproducible to the bit on one model, not across models; null in records
 *                              written before it was recorded
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultRecord(int formatVersion, String task, String category, String head, String metric,
                           String metricMode, double testAtBestValidation, double testAtLastEpoch,
                           double validationAtBest, int bestEpoch, List<Double> validationCurve,
                           List<Double> testCurve, SplitSizes splits, Hyperparameters hyperparameters,
                           String configHash, long seed, double wallSeconds, Versions versions, String device,
                           String encoderSha256, String datasetManifestHash, String validationIndicesHash,
                           String precision, String processor) {
    /** The record layout written by this RepBench. */
    public static final int FORMAT_VERSION = 1;

    /** Copies the curves; requires the key's fields. */
    public ResultRecord {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(encoderSha256, "encoderSha256");
        validationCurve = validationCurve == null ? List.of() : List.copyOf(validationCurve);
        testCurve = testCurve == null ? List.of() : List.copyOf(testCurve);
        precision = precision == null ? Precision.FP32.toString() : precision;
    }

    /**
     * The record of a computed cell.
     *
     * @param key     the cell's key
     * @param task    the task
     * @param config  the protocol settings (their hash is in {@code key})
     * @param outcome the protocol's curves and split sizes
     * @param run     how and on what data it ran
     * @return the record
     */
    public static ResultRecord of(ResultKey key, EndTask task, ProtocolConfig config, Protocol.Outcome outcome, Run run) {
        Curves curves = outcome.curves();
        EpochSelection selection = curves.selection();
        return new ResultRecord(FORMAT_VERSION, task.name(), task.category().label(), task.head().name(),
                task.metric().name(), config.metricMode().name(), selection.testAtBestValidation(),
                selection.testAtLastEpoch(), selection.validationAtBest(), selection.bestEpoch(), curves.validationList(),
                curves.testList(), outcome.sizes(), new Hyperparameters("adam", config.learningRate(), config.epochs(),
                config.batchSize(), config.weightDecay()), key.configHash(), key.seed(), run.wallSeconds(),
                run.versions(), run.device(), key.encoderSha256(), run.datasetManifestHash(), run.validationIndicesHash(),
                outcome.precision().toString(), run.processor());
    }

    /**
     * How a cell ran, beside its scores.
     *
     * @param wallSeconds           wall time of the cell
     * @param versions              the software that ran it
     * @param device                where the encoder and head ran
     * @param datasetManifestHash   the task data's manifest hash
     * @param validationIndicesHash the validation carve's hash
     * @param processor             the processor model it ran on
     */
    public record Run(double wallSeconds, Versions versions, String device, String datasetManifestHash,
                      String validationIndicesHash, String processor) {
    }

    /** @return the key this record is stored under */
    @JsonIgnore
    public ResultKey key() {
        return new ResultKey(encoderSha256, task, configHash, seed);
    }

    /**
     * Samples per split actually used.
     *
     * @param train      training samples (TRAIN minus the carved validation)
     * @param validation validation samples
     * @param test       test samples
     */
    public record SplitSizes(int train, int validation, int test) {
    }

    /**
     * The head's training settings.
     *
     * @param optimizer    e.g. {@code adam}
     * @param learningRate the learning rate
     * @param epochs       epochs trained
     * @param batchSize    samples per step
     * @param weightDecay  L2 penalty
     */
    public record Hyperparameters(String optimizer, double learningRate, int epochs, int batchSize, double weightDecay) {
    }

    /**
     * Versions of the software involved.
     *
     * @param repbench    RepBench's build version
     * @param onnxRuntime ONNX Runtime's version
     * @param libtorch    libtorch's version
     * @param jvm         the Java runtime's version
     * @param blas        libtorch's BLAS with the kernels it ran ({@link Torch#blas()}): they decide the last bits of
     *                    a float32 head's products, and after training a head's score; null in records written before
     *                    it was recorded
     */
    public record Versions(String repbench, String onnxRuntime, String libtorch, String jvm, String blas) {
        /** @return the versions of this process's software */
        public static Versions current() {
            return new Versions(BuildInfo.version(), OnnxEngine.version(), Torch.version(), Runtime.version().toString(),
                    Torch.blas());
        }
    }
}
