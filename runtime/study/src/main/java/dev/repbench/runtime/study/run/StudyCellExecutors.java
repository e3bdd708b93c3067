package dev.repbench.runtime.study.run;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.Split;
import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.runtime.analysis.cka.CkaComparison;
import dev.repbench.runtime.analysis.cka.GramCache;
import dev.repbench.runtime.analysis.cka.CkaFile;
import dev.repbench.runtime.encoder.EncoderExport;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.EncoderImporter;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.PretrainJob;
import dev.repbench.runtime.pretrain.PretrainRunner;
import dev.repbench.runtime.report.ReportBuilder;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.spec.EncoderSource;
import dev.repbench.runtime.study.spec.StudySpec;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.CheckpointLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The real executors of a study's cells, each a call of the service the matching command calls: pretraining through
 * {@link PretrainRunner}, exports and checkpoint imports through {@link EncoderExport}, ONNX imports through
 * {@link EncoderImporter}, evaluation through the {@link Evaluator} with {@link ProtocolConfig#forTask}, CKA through
 * {@link CkaComparison}, the report through {@link ReportBuilder}.
 */
public final class StudyCellExecutors<P extends ProgressListener & AutoCloseable> {
    private final StudySpec spec;
    private final PluginRegistry registry;
    private final Function<String, P> progress;
    private final Consumer<String> log;
    private final StudyInputs inputs;

    private StudyCellExecutors(StudySpec spec, PluginRegistry registry, Function<String, P> progress, Consumer<String> log) {
        this.spec = spec;
        this.registry = registry;
        this.progress = progress;
        this.log = log;
        this.inputs = new StudyInputs(spec, registry);
    }

    /**
     * @param spec     the study
     * @param registry its plugins; open while the executors are used
     * @param progress opens the display of a pretraining cell's progress, by cell id; closed when the cell ends
     * @param log      told what a cell reports beside its progress (a resume from a checkpoint, a deprecated name)
     * @param <P>      the display's type
     * @return the executors
     */
    public static <P extends ProgressListener & AutoCloseable> CellExecutors create(StudySpec spec, PluginRegistry registry,
                                                                                   Function<String, P> progress,
                                                                                   Consumer<String> log) {
        StudyCellExecutors<P> e = new StudyCellExecutors<>(spec, registry, progress, log);
        return new CellExecutors(e::pretrain, e::export, e::importEncoder, e::eval, e::cka, e::report, e.inputs);
    }

    private String pretrain(Cell.Pretrain cell) throws Exception {
        EncoderSource.Pretrain p = cell.source();
        PretrainJob job = new PretrainJob(p.algorithm(), p.dataset(), p.variant(), p.architecture(), p.epochs(), p.seed(),
                p.overrides(), spec.device(), spec.threads(), spec.dataRoot(), cell.folder(), p.checkpointEveryEpochs(),
                p.checkpointEverySteps(), spec.precision());
        try (P display = progress.apply(cell.id())) {
            // the log's lines (a resume from a checkpoint, the run's throughput) are the display's business too
            Path folder = PretrainRunner.run(job, registry, display, message -> log.accept(cell.id() + ": " + message));
            return "encoder " + folder.resolve(EncoderFiles.ONNX_FILE);
        }
    }

    private String export(Cell.Export cell) {
        Torch.setNumThreads(spec.threads());
        EncoderExport.export(EncoderExport.Request.randomInit(cell.source().architecture(), cell.source().seed(), cell.folder()));
        return "encoder " + cell.folder().resolve(EncoderFiles.ONNX_FILE);
    }

    private String importEncoder(Cell.Import cell) {
        List<String> adapted = List.of();
        switch (cell.source()) {
            case EncoderSource.OnnxModel m -> adapted = EncoderImporter.run(new EncoderImporter.Request(m.file(), null,
                    cell.folder(), null, null, null, spec.threads())).inputChanges();
            case EncoderSource.Checkpoint c -> {
                Torch.setNumThreads(spec.threads());
                EncoderExport.export(new EncoderExport.Request(c.architecture(), new EncoderExport.Weights.Checkpoint(
                        c.file(), CheckpointLayout.named(c.layout())), 0, 0, 0, null, null, null, null, cell.folder()));
            }
            default -> throw new IllegalStateException("an import cell needs an ONNX model or a checkpoint, got " + cell.source());
        }
        return "encoder " + cell.folder().resolve(EncoderFiles.ONNX_FILE)
                + (adapted.isEmpty() ? "" : " (adapted: " + String.join("; ", adapted) + ")");
    }

    private String eval(Cell.Eval cell) {
        EndTask task = inputs.task(cell);
        ProtocolConfig config = inputs.protocol(cell);
        LoadedEncoder encoder = EncoderFiles.read(cell.encoderFolder());
        Torch.setNumThreads(spec.threads());
        Evaluator evaluator = new Evaluator(ResultStore.open(cell.records()),
                featureCache(),
                FeatureExtractor.Settings.defaults(spec.device(), spec.threads()), spec.dataRoot(), inputs.manifests());
        Evaluator.Outcome outcome = evaluator.evaluate(encoder, task, config, cell.seed());
        ResultRecord r = outcome.record();
        outcome.replacementNote().ifPresent(note -> log.accept(cell.id() + ": " + note));
        return String.format(Locale.ROOT, "%s %.4f (best epoch %d/%d)%s", r.metric(), r.testAtBestValidation(),
                r.bestEpoch(), r.hyperparameters().epochs(), outcome.skipped() ? ", record existed"
                        : outcome.replaced() != null ? ", replacing a record of other data" : "");
    }

    private String cka(Cell.Cka cell) throws IOException {
        StudySpec.CkaSettings s = cell.settings();
        List<LoadedEncoder> encoders = new ArrayList<>(List.of(EncoderFiles.read(cell.rowsFolder())));
        if (cell.columnsFolder() != null) {
            encoders.add(EncoderFiles.read(cell.columnsFolder()));
        }
        CkaComparison.Result result;
        try (FashionMnistSplits data = FashionMnistSplits.open(spec.dataRoot())) {
            // Grams kept beside the features: each encoder runs once, however many pairs it is in.
            CkaComparison.Images images = CkaComparison.Images.of(data);
            result = CkaComparison.run(new CkaComparison.Request(encoders, s.outputs(), s.images(), s.batchSize(), s.size(),
                    images, spec.device(), spec.threads(), 0, GramCache.in(featureCache(), images, Split.TEST)),
                    FeatureExtractor.Progress.NONE);
        }
        result.file().write(cell.out());
        int cached = result.run().cachedEncoders();
        return "matrix " + cell.out().resolve(CkaFile.JSON_FILE) + (cached == 0 ? ""
                : cached == encoders.size() ? " (every encoder's Grams from the cache)" : " (one encoder's Grams from the cache)");
    }

    /** The study's feature cache: features, and the CKA cells' Grams. */
    private FeatureCache featureCache() {
        return FeatureCache.open(spec.cache() == null ? FeatureCache.defaultFolder() : spec.cache());
    }

    /**
     * Builds the report from the records and CKA matrices there are ({@link StudyReport}). Run while some
     * evaluations or CKA cells are not done (only {@code run --cell report} does that), it names them at the top of
     * the page; the runner then records the report as partial, so a later run builds it whole.
     */
    private String report(Cell.Report cell) {
        return "report " + ReportBuilder.build(StudyReport.request(CellPlan.of(spec), cell, inputs, false));
    }
}
