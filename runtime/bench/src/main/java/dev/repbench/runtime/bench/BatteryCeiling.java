package dev.repbench.runtime.bench;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.api.task.TaskContext;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A battery task's ceiling, issue 16's "best head on the best encoder": the strong encoder under a small grid of head
 * settings, the ceiling being the test score of the run with the best validation score. Selection is on validation
 * only, as the protocol selects its epoch, so the ceiling is not the luckiest test score of the grid.
 *
 * <p>The grid, one definition for every task: every head the task's category, frame count and output admit (the
 * task's own head first; a second head only for single-frame pixelwise tasks, where U-Net and DeepLabv3+ both fit),
 * each at each of {@link #LEARNING_RATES}, trained {@link #EPOCH_FACTOR} times the task's epochs; and the strong
 * column's own run (the study's protocol), so the ceiling's validation score is never below the strong encoder's.
 * Its test score can be (the grid's best validation run may test lower): that is selection noise, not a bug.
 *
 * <p>An end-to-end fine-tuned ResNet-18, the other ceiling, is not built: every protocol reads cached frozen
 * features, so it would be a new protocol, and on the project's two cores it costs 17 minutes to an hour per
 * image-level task and seed (docs/battery).
 */
public final class BatteryCeiling {
    /** Adam's learning rates tried: the study's 3e-4 and the next step up, the direction frozen-feature heads gain. */
    public static final List<Double> LEARNING_RATES = List.of(ProtocolConfig.STUDY_LEARNING_RATE, 1e-3);
    /** The grid's runs train this many times the task's epochs; the epoch is still chosen on validation. */
    public static final int EPOCH_FACTOR = 2;

    private BatteryCeiling() {
    }

    /**
     * One run of the grid.
     *
     * @param run        what it was, e.g. {@code unet lr=1e-3 30ep}
     * @param validation its best validation score
     * @param test       its test score at that epoch
     */
    public record Candidate(String run, double validation, double test) {
        /** @return the candidate of a record, named {@code run} */
        static Candidate of(String run, ResultRecord record) {
            return new Candidate(run, record.validationAtBest(), record.testAtBestValidation());
        }
    }

    /**
     * The run with the best validation score, ties going to the earlier candidate (list the study's run first, so a
     * tie keeps it). Test scores are never compared.
     *
     * @param metric     gives the direction
     * @param candidates the grid's runs, at least one
     * @return the selected run
     */
    public static Candidate select(Metric metric, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a ceiling needs at least one run");
        }
        Candidate best = candidates.getFirst();
        for (Candidate candidate : candidates) {
            if (metric.isBetter(candidate.validation(), best.validation())) {
                best = candidate;
            }
        }
        return best;
    }

    /** @return the heads that can serve {@code task}: its own first, then any other its category, frames and output admit */
    public static List<HeadKind> heads(EndTask task) {
        List<HeadKind> heads = new ArrayList<>(List.of(task.head()));
        for (HeadKind head : HeadKind.values()) {
            if (head != task.head() && head.supports(task.category()) && head.acceptsFrames(task.framesPerSample())) {
                heads.add(head);
            }
        }
        return List.copyOf(heads);
    }

    /**
     * Runs (or reads) the grid on the strong encoder and selects the ceiling. Records go under
     * {@code results/<head>} (the record key does not hold the head, so each head has its own folder).
     *
     * @param strong      the strong encoder
     * @param task        the task
     * @param study       the strong column's configuration
     * @param studyRecord the strong column's record, the grid's first candidate
     * @param results     the ceiling's records folder
     * @return the selected run
     */
    public static Candidate measure(LoadedEncoder strong, EndTask task, ProtocolConfig study, ResultRecord studyRecord,
                                    Path results, FeatureCache features, FeatureExtractor.Settings settings, Path dataRoot) {
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(Candidate.of("study " + describe(task.head(), study), studyRecord));
        for (HeadKind head : heads(task)) {
            Evaluator evaluator = new Evaluator(ResultStore.open(results.resolve(head.name().toLowerCase(Locale.ROOT))),
                    features, settings, dataRoot);
            for (double learningRate : LEARNING_RATES) {
                ProtocolConfig config = study.withLearningRate(learningRate).withEpochs(EPOCH_FACTOR * study.epochs());
                ResultRecord record = evaluator.evaluate(strong, withHead(task, head), config, 0).record();
                candidates.add(Candidate.of(describe(head, config), record));
            }
        }
        return select(task.metric(), candidates);
    }

    /** @return e.g. {@code unet lr=1e-3 30ep} */
    static String describe(HeadKind head, ProtocolConfig config) {
        return head.name().toLowerCase(Locale.ROOT).replace('_', '-') + " lr=" + learningRate(config.learningRate()) + " "
                + config.epochs() + "ep";
    }

    /** @return e.g. {@code 3e-4} */
    static String learningRate(double value) {
        return String.format(Locale.ROOT, "%.0e", value).replaceFirst("e([-+])0*(\\d)", "e$1$2").replace("e+", "e");
    }

    /** {@code task} with another head; everything else, its data included, is the task's own. */
    static EndTask withHead(EndTask task, HeadKind head) {
        return head == task.head() ? task : new OtherHead(task, head);
    }

    private record OtherHead(EndTask task, HeadKind head) implements EndTask {
        OtherHead {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(head, "head");
        }

        @Override
        public String name() {
            return task.name();
        }

        @Override
        public String description() {
            return task.description();
        }

        @Override
        public TaskCategory category() {
            return task.category();
        }

        @Override
        public Metric metric() {
            return task.metric();
        }

        @Override
        public OutputSpec output() {
            return task.output();
        }

        @Override
        public int defaultEpochs() {
            return task.defaultEpochs();
        }

        @Override
        public ImageSize inputSize() {
            return task.inputSize();
        }

        @Override
        public int framesPerSample() {
            return task.framesPerSample();
        }

        @Override
        public TaskDataset open(TaskContext context) {
            return task.open(context);
        }
    }
}
