package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.cli.options.EncoderOption;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.api.EndTask;
import dev.repbench.runtime.cli.options.CacheOption;
import dev.repbench.runtime.cli.options.DataRootOption;
import dev.repbench.runtime.cli.options.PrecisionOption;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.InputResolution;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureCacheException;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.features.session.SessionException;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.plugin.PluginProblem;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.TaskGroups;
import dev.repbench.tasks.metrics.MetricMode;
import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code repbench eval}: evaluates a frozen encoder on end tasks with the study's protocol (Adam, 3e-4, the task's
 * epochs), choosing the epoch on a seeded validation carve, and writes one result record per task. Tasks whose
 * record exists for the same encoder, configuration and seed are skipped.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a frozen encoder on end tasks: train each task's head on cached features, report the test",
                "metric at the epoch with the best validation score (and at the last epoch), write one JSON record per task."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private EncoderOption encoder;

    @Option(names = {"--task", "--tasks"}, required = true, split = ",", paramLabel = "NAME[,NAME…]",
            description = "Tasks or groups to evaluate: task names (see 'repbench list tasks') or battery, all,"
                    + " image-level, pixelwise, semantic, structural.")
    private List<String> tasks;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--epochs", paramLabel = "N", description = "Head-training epochs (default: each task's own).")
    private Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "3e-4",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}, the study's).")
    private double learningRate;

    @Option(names = "--batch", paramLabel = "N",
            description = "Head-training batch size (default: 256 for image-level heads, 16 for pixelwise heads).")
    private Integer batch;

    @Option(names = "--metric-mode", defaultValue = "standard", paramLabel = "standard|virb-compat",
            description = "Metric aggregation: standard definitions, or the study code's per-batch means (default: ${DEFAULT-VALUE}).")
    private String metricMode;

    @Option(names = "--input-size", defaultValue = "task", paramLabel = "task|encoder|N|HxW",
            description = {"The image size the encoder is fed (default: ${DEFAULT-VALUE}: the task's own size, so every encoder",
                    "sees the same pixels; 'encoder': the size in encoder.json; or a fixed size such as 32 or 224x224)."})
    private String inputSize;

    @Option(names = "--out", defaultValue = "results", paramLabel = "DIR",
            description = "The results folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Mixin
    private PrecisionOption precision;

    @Mixin
    private DataRootOption dataRoot;

    @Mixin
    private CacheOption cache;

    @Override
    public Integer call() {
        MetricMode mode = Usage.parse(spec, "--metric-mode", () -> MetricMode.parse(metricMode));
        InputResolution input = Usage.parse(spec, "--input-size", () -> InputResolution.parse(inputSize));
        if (!(learningRate > 0)) {
            throw Usage.error(spec, "--lr is above 0, got " + learningRate);
        }
        if (epochs != null && epochs < 1) {
            throw Usage.error(spec, "--epochs is 1 or more, got " + epochs);
        }
        if (batch != null && batch < 1) {
            throw Usage.error(spec, "--batch is 1 or more, got " + batch);
        }
        ProtocolConfig.Choices choices = Usage.parse(spec, "--lr, --epochs, --batch",
                () -> new ProtocolConfig.Choices(learningRate, epochs, batch, mode, input, precision.precision()));
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedEncoder loaded = encoder.read(err);
        // Before any head is trained: a record that cannot be written loses the work that computed it.
        OutputFolder.requireWritable(out, "--out");
        OutputFolder.requireWritable(cache.folder(), "--cache");
        Torch.setNumThreads(root.execution().threads());
        Path created = null;
        try (PluginRegistry registry = root.loadPlugins()) {
            for (PluginProblem problem : registry.problems()) {
                err.println("warning: " + problem.message());
            }
            List<EndTask> chosen = Usage.parse(spec, "--task", () -> TaskGroups.resolveAll(tasks, registry));
            FeatureExtractor.Settings settings = FeatureExtractor.Settings.defaults(root.execution().trainingDevice(),
                    root.execution().threads());
            OnnxEngine.checkLoads(loaded, settings.device(), settings.threads()); // before any task's data is opened
            root.execution().announceFeaturesProvider(err);
            created = AtomicFiles.topmostMissing(out);
            Evaluator evaluator = new Evaluator(ResultStore.open(out), FeatureCache.open(cache.folder()), settings,
                    dataRoot.path());
            for (EndTask task : chosen) { // every task checked before the first is evaluated
                evaluator.check(loaded, task, ProtocolConfig.forTask(task, choices));
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("task", "metric", "test@best-val", "test@last", "best epoch", "precision", "record"));
            int written = 0;
            int skipped = 0;
            for (EndTask task : chosen) {
                Evaluator.Outcome outcome = evaluator.evaluate(loaded, task, ProtocolConfig.forTask(task, choices), seed);
                outcome.replacementNote().ifPresent(note -> err.println("note: " + note));
                if (outcome.skipped()) {
                    skipped++;
                } else {
                    written++;
                }
                var r = outcome.record();
                rows.add(List.of(r.task(), r.metric(), format(r.testAtBestValidation()), format(r.testAtLastEpoch()),
                        r.bestEpoch() + "/" + r.hyperparameters().epochs(), r.precision(), outcome.skipped() ? "skipped (exists)"
                        : outcome.replaced() != null ? "replaced (data changed)" : "written"));
            }
            TextTable.print(stdout, rows);
            stdout.printf(Locale.ROOT, "%d record(s) written, %d skipped, in %s%n", written, skipped, out);
            stdout.flush();
            return 0;
        } catch (SessionException | FeatureCacheException | UncheckedIOException | IllegalArgumentException e) {
            AtomicFiles.removeCreatedFolders(out, created); // a results folder it made and wrote nothing into (a full disk)
            throw new CliFailure(e.getMessage(), e);
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
