package dev.repbench.runtime.study.run;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.TaskManifests;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.report.ReportCode;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellInputs;
import dev.repbench.runtime.study.spec.StudySpec;
import dev.repbench.tasks.metrics.MetricMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data version each of a study's cells reads: an evaluation its task's manifest hash, a CKA cell that of the
 * Fashion-MNIST test images; other cells none. Each is read once per run, and the evaluations' readings are shared
 * with the evaluator ({@link #manifests()}), so a task on a folder of images is listed and stat-ed once. The report
 * has the version of its code besides ({@link #code}).
 */
public final class StudyInputs implements CellInputs {
    private final StudySpec spec;
    private final PluginRegistry registry;
    private final TaskManifests manifests = new TaskManifests();
    private final Map<Path, String> ckaImages = new ConcurrentHashMap<>();

    /**
     * @param spec     the study
     * @param registry its plugins; open while this is used
     */
    public StudyInputs(StudySpec spec, PluginRegistry registry) {
        this.spec = spec;
        this.registry = registry;
    }

    @Override
    public Optional<String> dataManifest(Cell cell) {
        return switch (cell) {
            case Cell.Eval c -> Optional.of(manifests.of(task(c), spec.dataRoot(), c.seed()));
            case Cell.Cka c -> Optional.of(ckaImages.computeIfAbsent(spec.dataRoot().toAbsolutePath().normalize(), root -> {
                try (FashionMnistSplits data = FashionMnistSplits.open(root)) {
                    return data.manifestHash();
                }
            }));
            default -> Optional.empty();
        };
    }

    /** The report's code: a study run again with another RepBench rebuilds its report. */
    @Override
    public Optional<String> code(Cell cell) {
        return cell instanceof Cell.Report ? Optional.of(ReportCode.version()) : Optional.empty();
    }

    /** @return this run's task manifests, for its evaluator */
    TaskManifests manifests() {
        return manifests;
    }

    /** @return the protocol an evaluation cell runs: its task's own, with the spec's choices */
    ProtocolConfig protocol(Cell.Eval cell) {
        EndTask task = task(cell);
        StudySpec.EvalSettings s = cell.settings();
        return ProtocolConfig.forTask(task, new ProtocolConfig.Choices(s.learningRate(), s.epochsFor(task.name()),
                s.batchSize(), MetricMode.parse(s.metricMode()), s.input(), spec.precision()));
    }

    /** @return an evaluation cell's task */
    EndTask task(Cell.Eval cell) {
        return registry.task(cell.task()).orElseThrow(() -> new IllegalStateException("task '" + cell.task()
                + "' is no longer in the plugin registry")).provider();
    }
}
