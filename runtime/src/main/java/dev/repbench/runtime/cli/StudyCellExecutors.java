package dev.repbench.runtime.cli;

import dev.repbench.api.EndTask;
import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.PixelwiseProtocol;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.ResultRecord;
import dev.repbench.runtime.eval.ResultStore;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.FeaturesCommand;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.PretrainJob;
import dev.repbench.runtime.pretrain.PretrainRunner;
import dev.repbench.runtime.report.ReportBuilder;
import dev.repbench.runtime.report.ReportRequest;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.StudyLayout;
import dev.repbench.runtime.study.run.CellExecutors;
import dev.repbench.runtime.study.spec.EncoderSource;
import dev.repbench.runtime.study.spec.StudySpec;
import dev.repbench.tasks.metrics.MetricMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The real executors of a study's cells: pretraining through {@link PretrainRunner}, exports and imports through the
 * {@code export} and {@code import} commands (so their checks and messages are the same), evaluation through the
 * {@link Evaluator}, CKA through the {@code cka} command, the report through {@link ReportBuilder}.
 */
final class StudyCellExecutors {
    private final StudySpec spec;
    private final PluginRegistry registry;
    private final PrintWriter out;

    private StudyCellExecutors(StudySpec spec, PluginRegistry registry, PrintWriter out) {
        this.spec = spec;
        this.registry = registry;
        this.out = out;
    }

    /**
     * @param spec     the study
     * @param registry its plugins; open while the executors are used
     * @param out      where the commands' output goes
     * @return the executors
     */
    static CellExecutors create(StudySpec spec, PluginRegistry registry, PrintWriter out) {
        StudyCellExecutors e = new StudyCellExecutors(spec, registry, out);
        return new CellExecutors(e::pretrain, e::export, e::importEncoder, e::eval, e::cka, e::report);
    }

    private String pretrain(Cell.Pretrain cell) {
        EncoderSource.Pretrain p = cell.source();
        PretrainJob job = new PretrainJob(p.algorithm(), p.dataset(), p.variant(), p.architecture(), p.epochs(), p.seed(),
                p.overrides(), spec.device(), spec.threads(), spec.dataRoot(), cell.folder(), p.checkpointEveryEpochs(),
                p.checkpointEverySteps());
        Path folder = PretrainRunner.run(job, registry, progressLines(cell.id()), message -> {
            message.lines().forEach(line -> out.println("  " + cell.id() + ": " + line)); // e.g. resuming from a checkpoint
            out.flush();
        });
        return "encoder " + folder.resolve(EncoderFiles.ONNX_FILE);
    }

    /** Logs a progress line at most every 30 s, so long runs show they are alive without flooding the log. */
    private ProgressListener progressLines(String cellId) {
        long[] last = {0};
        return progress -> {
            long now = System.nanoTime();
            if (now - last[0] > 30_000_000_000L || progress.step() == progress.totalSteps()) {
                last[0] = now;
                out.printf(Locale.ROOT, "  %s: step %d/%d, loss %.4f, %.0f images/s%n", cellId, progress.step(),
                        progress.totalSteps(), progress.loss(), progress.imagesPerSecond());
                out.flush();
            }
        };
    }

    private String export(Cell.Export cell) {
        runCommand("export", "--arch", cell.source().architecture(), "--random-init", "--seed",
                Long.toString(cell.source().seed()), "--out", cell.folder().toString());
        return "encoder " + cell.folder().resolve(EncoderFiles.ONNX_FILE);
    }

    private String importEncoder(Cell.Import cell) {
        switch (cell.source()) {
            case EncoderSource.OnnxModel m -> runCommand("import", "--onnx", m.file().toString(), "--out",
                    cell.folder().toString());
            case EncoderSource.Checkpoint c -> runCommand("export", "--arch", c.architecture(), "--checkpoint",
                    c.file().toString(), "--layout", c.layout(), "--out", cell.folder().toString());
            default -> throw new IllegalStateException("an import cell needs an ONNX model or a checkpoint, got " + cell.source());
        }
        return "encoder " + cell.folder().resolve(EncoderFiles.ONNX_FILE);
    }

    private String eval(Cell.Eval cell) {
        EndTask task = registry.task(cell.task()).orElseThrow(() -> new IllegalStateException("task '" + cell.task()
                + "' is no longer in the plugin registry")).provider();
        StudySpec.EvalSettings s = cell.settings();
        MetricMode mode = s.metricMode().equals("virb-compat") ? MetricMode.VIRB_COMPAT : MetricMode.STANDARD;
        int batch = s.batchSize() != null ? s.batchSize()
                : task.head().isPixelwise() ? PixelwiseProtocol.DEFAULT_BATCH_SIZE : ProtocolConfig.DEFAULT_BATCH_SIZE;
        Integer epochs = s.epochsFor(task.name());
        ProtocolConfig config = new ProtocolConfig(s.learningRate(), epochs == null ? task.defaultEpochs() : epochs,
                batch, 0.0, ProtocolConfig.DEFAULT_VALIDATION_FRACTION, ProtocolConfig.DEFAULT_MIN_VALIDATION, mode, s.input());
        LoadedEncoder encoder = EncoderFiles.read(cell.encoderFolder());
        Evaluator evaluator = new Evaluator(ResultStore.open(cell.records()), FeatureCache.open(spec.cache() == null ? FeaturesCommand.defaultCache() : spec.cache()),
                FeatureExtractor.Settings.defaults(spec.device(), spec.threads()), spec.dataRoot());
        Evaluator.Outcome outcome = evaluator.evaluate(encoder, task, config, cell.seed());
        ResultRecord r = outcome.record();
        return String.format(Locale.ROOT, "%s %.4f (best epoch %d/%d)%s", r.metric(), r.testAtBestValidation(),
                r.bestEpoch(), r.hyperparameters().epochs(), outcome.skipped() ? ", record existed" : "");
    }

    private String cka(Cell.Cka cell) {
        StudySpec.CkaSettings s = cell.settings();
        List<String> args = new ArrayList<>(List.of("cka", "--encoder", cell.rowsFolder().toString()));
        if (cell.columnsFolder() != null) {
            args.addAll(List.of("--encoder", cell.columnsFolder().toString()));
        }
        args.addAll(List.of("--outputs", String.join(",", s.outputs()), "--images", Integer.toString(s.images()),
                "--size", Integer.toString(s.size()), "--batch", Integer.toString(s.batchSize()), "--data-root",
                spec.dataRoot().toString(), "--progress", "lines", "--out", cell.out().toString()));
        runCommand(args.toArray(String[]::new));
        return "matrix " + cell.out().resolve(CkaCommand.JSON_FILE);
    }

    /**
     * Builds the report from the records and CKA matrices there are. Run while some evaluations or CKA cells are not
     * done (only {@code run --cell report} does that), it names them at the top of the page; the runner then records
     * the report as partial, so a later run builds it whole.
     */
    private String report(Cell.Report cell) {
        CellLedger ledger = new CellLedger(new StudyLayout(spec.output()));
        List<String> missing = cell.dependencies().stream().filter(d -> !ledger.isDone(d)).toList();
        List<String> notes = missing.isEmpty() ? List.of() : List.of(String.format(Locale.ROOT,
                "Partial report: %d of %d evaluation and CKA cells are not done, so their results are missing here: %s."
                        + " 'repbench status SPEC' shows why; rerun or resubmit the study to complete the report.",
                missing.size(), cell.dependencies().size(), String.join(", ", missing.stream()
                        .map(d -> d + " (" + ledger.status(d).state().label() + ")").toList())));
        List<Path> present = cell.ckaFiles().stream().filter(Files::isRegularFile).toList();
        Path index = ReportBuilder.build(new ReportRequest(cell.records(), present, cell.out(), cell.title(), List.of(),
                notes));
        return "report " + index;
    }

    /** Runs a RepBench subcommand in this process with the study's device and threads; fails with its error line. */
    private void runCommand(String... args) {
        List<String> argv = new ArrayList<>(List.of("--device", spec.device().toString(), "--threads",
                Integer.toString(spec.threads())));
        argv.addAll(List.of(args));
        StringWriter err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(out);
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(argv.toArray(String[]::new));
        if (code != 0) {
            throw new CliFailure("repbench " + String.join(" ", args) + " failed: " + err.toString().strip());
        }
    }
}
