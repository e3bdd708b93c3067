package dev.repbench.runtime.study.spec;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.runtime.eval.InputResolution;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated run spec: every path absolute, every name checked, every task group expanded.
 *
 * @param name     the study's name
 * @param file     the spec file
 * @param text     the spec file's text, as read (recorded in the manifest)
 * @param output   the output folder
 * @param dataRoot the data root handed to tasks and pretraining
 * @param cache    the feature cache folder, or {@code null} for the user's default cache
 * @param device   where to compute
 * @param threads  CPU threads
 * @param precision what pretraining and pixelwise heads train in ({@code precision:}, fp32 unless set)
 * @param seeds    evaluation seeds, at least one, distinct
 * @param plugins  the plugins folder (may not exist: then no plugin jars)
 * @param encoders the encoders by name, in file order
 * @param tasks    the task names to evaluate, groups expanded, in order, distinct
 * @param eval     protocol overrides
 * @param cka      CKA settings, or {@code null} for no CKA cells
 * @param report   whether to build the report
 */
public record StudySpec(String name, Path file, String text, Path output, Path dataRoot, Path cache, Device device, int threads,
                        Precision precision, List<Long> seeds, Path plugins, Map<String, EncoderSource> encoders, List<String> tasks,
                        EvalSettings eval, CkaSettings cka, boolean report) {
    public StudySpec {
        Objects.requireNonNull(precision, "precision");
        seeds = List.copyOf(seeds);
        encoders = Collections.unmodifiableMap(new LinkedHashMap<>(encoders));
        tasks = List.copyOf(tasks);
    }

    /**
     * @param count CPU threads, 1 or more
     * @return this study computing with {@code count} threads (a scheduler's allocation overriding the spec's)
     */
    public StudySpec withThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + count);
        }
        return new StudySpec(name, file, text, output, dataRoot, cache, device, count, precision, seeds, plugins, encoders,
                tasks, eval, cka, report);
    }

    /** @return this study training in {@code newPrecision} ({@code repbench run --precision} overriding the spec's) */
    public StudySpec withPrecision(Precision newPrecision) {
        return new StudySpec(name, file, text, output, dataRoot, cache, device, threads, newPrecision, seeds, plugins, encoders,
                tasks, eval, cka, report);
    }

    /**
     * Overrides of the evaluation protocol; {@code null} fields keep the task's or the study's default.
     *
     * @param epochs       head-training epochs of every task, or {@code null} for each task's own
     * @param epochsByTask head-training epochs per task where the spec sets them by task or group (a task named
     *                     directly wins over its groups), overriding {@code epochs}
     * @param metricMode   {@code standard} or {@code virb-compat}
     * @param learningRate Adam's learning rate
     * @param batchSize    head batch size, or {@code null} for the protocol's default per head kind
     * @param input        the image size the encoders are fed
     */
    public record EvalSettings(Integer epochs, Map<String, Integer> epochsByTask, String metricMode, double learningRate,
                               Integer batchSize, InputResolution input) {
        /** The study's protocol: task epochs, standard metrics, 3e-4, default batches, the task's input size. */
        public static final EvalSettings DEFAULTS = new EvalSettings(null, Map.of(), "standard", 3e-4, null, InputResolution.TASK);

        public EvalSettings {
            epochsByTask = Collections.unmodifiableMap(new LinkedHashMap<>(epochsByTask));
        }

        /** @return the epochs the spec sets for {@code task}, or {@code null} for the task's own */
        public Integer epochsFor(String task) {
            return epochsByTask.getOrDefault(task, epochs);
        }
    }

    /**
     * CKA between encoders: each listed encoder against itself ({@code cka/A}) and each pair ({@code cka/A-vs-B}).
     *
     * @param encoders  encoder names, at least one, distinct
     * @param images    test images
     * @param size      input side images are resized to
     * @param batchSize images per minibatch, 4 or more
     * @param outputs   encoder outputs compared
     */
    public record CkaSettings(List<String> encoders, int images, int size, int batchSize, List<String> outputs) {
        /** The outputs compared when none are named. */
        public static final List<String> DEFAULT_OUTPUTS =
                List.of("block1", "block2", "block3", "block4", "block5", "embedding");

        public CkaSettings {
            encoders = List.copyOf(encoders);
            outputs = List.copyOf(outputs);
        }
    }
}
