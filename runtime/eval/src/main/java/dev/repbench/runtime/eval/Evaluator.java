package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskContext;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureCacheException;
import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.cache.FeatureFile;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates one (encoder, task, seed) cell: skips it if its record exists; otherwise extracts the encoder's
 * embeddings into the feature cache (or finds them there: they are shared by every seed and configuration), carves
 * the validation set, runs the protocol for the task's head and writes the record atomically.
 *
 * <p>Image-level heads ({@link HeadKind#LINEAR}, {@link HeadKind#MULTI_INPUT_FUSION}) read pooled embeddings, each
 * frame position's extracted and cached separately. Pixelwise heads ({@link HeadKind#UNET},
 * {@link HeadKind#SIAMESE_UNET}, {@link HeadKind#DEEPLAB_V3_PLUS}) read the encoder's block pyramid
 * ({@code block1…blockN}), extracted once per split and frame into the cache as float16 (half the disk of float32;
 * heads train in float32) and trained by {@link PixelwiseProtocol}.
 */
public final class Evaluator {
    /** The encoder output image-level heads read. */
    public static final String EMBEDDING = "embedding";
    /** How block pyramids are cached: float16, the study's storage type for cached features. */
    public static final FeatureDtype BLOCK_DTYPE = FeatureDtype.F16;
    private static final Pattern BLOCK = Pattern.compile("block(\\d+)");

    private final ResultStore store;
    private final FeatureCache cache;
    private final FeatureExtractor.Settings settings;
    private final Path dataRoot;
    private int cellsComputed;

    /**
     * What one cell came to.
     *
     * @param record  the cell's record, read back if skipped
     * @param skipped whether the record already existed and nothing was computed
     * @param file    the record's file
     */
    public record Outcome(ResultRecord record, boolean skipped, Path file) {
    }

    /**
     * @param store    where records go
     * @param cache    the feature cache
     * @param settings how the encoder runs (device, threads, batch)
     * @param dataRoot the data root handed to tasks
     */
    public Evaluator(ResultStore store, FeatureCache cache, FeatureExtractor.Settings settings, Path dataRoot) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dataRoot = Objects.requireNonNull(dataRoot, "dataRoot");
    }

    /** @return how many cells this evaluator computed (skipped cells are not counted) */
    public int cellsComputed() {
        return cellsComputed;
    }

    /** @return the key of a cell */
    public static ResultKey keyOf(LoadedEncoder encoder, EndTask task, ProtocolConfig config, long seed) {
        return new ResultKey(FeatureExtractor.encoderSha256(encoder), task.name(), config.hash(), seed);
    }

    /**
     * Evaluates a cell, or reads its existing record.
     *
     * @param encoder the frozen encoder
     * @param task    the end task
     * @param config  the protocol, epochs resolved (see {@link ProtocolConfig#withEpochs})
     * @param seed    the seed: head initialisation, sample order, validation carve, task splits
     * @return the record and whether it was skipped
     * @throws IllegalArgumentException if the task's output and metric do not fit its head, the encoder has no
     *                                  block outputs for a pixelwise head, or the task's data is too small
     */
    public Outcome evaluate(LoadedEncoder given, EndTask task, ProtocolConfig config, long seed) {
        ResultKey key = keyOf(given, task, config, seed);
        store.rememberEncoder(key.encoderSha256(), given.descriptor()); // the report reads provenance from here
        Optional<ResultRecord> existing = store.read(key);
        if (existing.isPresent()) {
            return new Outcome(existing.get(), true, store.pathOf(key));
        }
        LoadedEncoder encoder = config.input().applyTo(given, task);
        HeadKind head = task.head();
        if (head.isPixelwise()) {
            return evaluatePixelwise(encoder, task, config, seed, key);
        }
        if (!(task.output() instanceof OutputSpec.ClassScores scores) || !task.metric().equals(Metric.TOP1)) {
            throw new IllegalArgumentException("task " + task.name() + ": an image-level head needs class scores scored by top-1, got "
                    + task.output() + " and " + task.metric().name());
        }
        int frames = head == HeadKind.MULTI_INPUT_FUSION ? task.framesPerSample() : 1;
        long started = System.nanoTime();
        try (TaskDataset data = task.open(TaskContext.of(dataRoot, seed))) {
            Splits splits = Splits.of(data, task, config, seed);
            String manifest = splits.manifest();
            SampleSource train = splits.train();
            SampleSource val = splits.val();
            SampleSource test = splits.test();
            ValidationSplit carve = splits.carve();
            LabelledEmbeddings trainSet;
            LabelledEmbeddings valSet;
            LabelledEmbeddings testSet;
            try (OpenFiles trainFiles = embeddings(encoder, task, manifest, Split.TRAIN, train, frames);
                 OpenFiles testFiles = embeddings(encoder, task, manifest, Split.TEST, test, frames)) {
                trainSet = LabelledEmbeddings.read(trainFiles.files(), train, carve.trainIndices());
                testSet = LabelledEmbeddings.read(testFiles.files(), test, LabelledEmbeddings.all(test.size()));
                if (val.size() > 0) {
                    try (OpenFiles valFiles = embeddings(encoder, task, manifest, Split.VAL, val, frames)) {
                        valSet = LabelledEmbeddings.read(valFiles.files(), val, carve.validationIndices());
                    }
                } else {
                    valSet = LabelledEmbeddings.read(trainFiles.files(), train, carve.validationIndices());
                }
            }
            ImageLevelProtocol.Outcome outcome = ImageLevelProtocol.run(trainSet, valSet, testSet, frames,
                    scores.classes(), config, seed);
            ResultRecord record = record(key, task, config, seed, started, manifest, carve, outcome.selection(),
                    outcome.validationList(), outcome.testList(),
                    new ResultRecord.SplitSizes(trainSet.size(), valSet.size(), testSet.size()));
            Path file = store.write(record);
            cellsComputed++;
            return new Outcome(record, false, file);
        }
    }

    /** A pixelwise cell: block pyramids from the cache (or extracted into it), targets from the samples. */
    private Outcome evaluatePixelwise(LoadedEncoder encoder, EndTask task, ProtocolConfig config, long seed, ResultKey key) {
        HeadKind head = task.head();
        int outputs = switch (task.output()) {
            case OutputSpec.ClassScores scores -> scores.classes();
            case OutputSpec.Values values -> values.channels();
        };
        // refuse a task whose metric and output the pixelwise protocol cannot score before any extraction
        PixelwiseProtocol.targetKindOf(task.metric(), outputs);
        Preprocessor input = Preprocessor.of(encoder.descriptor().preprocessing());
        List<String> blocks = blockOutputs(encoder);
        long started = System.nanoTime();
        try (TaskDataset data = task.open(TaskContext.of(dataRoot, seed))) {
            Splits splits = Splits.of(data, task, config, seed);
            String manifest = splits.manifest();
            SampleSource train = splits.train();
            SampleSource val = splits.val();
            SampleSource test = splits.test();
            ValidationSplit carve = splits.carve();
            int frames = head == HeadKind.SIAMESE_UNET ? 2 : 1;
            try (BlockPyramids trainBlocks = pyramids(encoder, task, manifest, Split.TRAIN, train, frames, blocks);
                 BlockPyramids testBlocks = pyramids(encoder, task, manifest, Split.TEST, test, frames, blocks);
                 BlockPyramids valBlocks = val.size() > 0
                         ? pyramids(encoder, task, manifest, Split.VAL, val, frames, blocks) : null) {
                List<Integer> strides = blocks.stream().map(b -> encoder.descriptor().outputs().get(b).stride()).toList();
                PixelwiseProtocol.Setup setup = new PixelwiseProtocol.Setup(head,
                        trainBlocks.pyramid(input.height(), strides), outputs, task.metric(), input.height(), input.width());
                DenseTargets.Kind kind = setup.targetKind();
                int ignore = Math.max(LabelMap.DEFAULT_IGNORE_INDEX, outputs);
                int[] trainRows = carve.trainIndices();
                int[] valRows = carve.validationIndices();
                int[] testRows = LabelledEmbeddings.all(test.size());
                PixelwiseProtocol.PixelSet trainSet = new PixelwiseProtocol.PixelSet(trainBlocks, trainRows,
                        DenseTargets.read(train, trainRows, kind, input.height(), input.width(), ignore));
                PixelwiseProtocol.PixelSet valSet = new PixelwiseProtocol.PixelSet(valBlocks != null ? valBlocks : trainBlocks,
                        valRows, DenseTargets.read(val.size() > 0 ? val : train, valRows, kind, input.height(), input.width(), ignore));
                PixelwiseProtocol.PixelSet testSet = new PixelwiseProtocol.PixelSet(testBlocks, testRows,
                        DenseTargets.read(test, testRows, kind, input.height(), input.width(), ignore));
                PixelwiseProtocol.Outcome outcome = PixelwiseProtocol.run(trainSet, valSet, testSet, setup, config, seed);
                ResultRecord record = record(key, task, config, seed, started, manifest, carve, outcome.selection(),
                        outcome.validationList(), outcome.testList(),
                        new ResultRecord.SplitSizes(trainSet.size(), valSet.size(), testSet.size()));
                Path file = store.write(record);
                cellsComputed++;
                return new Outcome(record, false, file);
            }
        }
    }

    /** The encoder's {@code block<k>} outputs, finest first. */
    static List<String> blockOutputs(LoadedEncoder encoder) {
        List<String> blocks = encoder.descriptor().outputs().keySet().stream()
                .filter(name -> BLOCK.matcher(name).matches())
                .sorted(Comparator.comparingInt(name -> Integer.parseInt(name.substring("block".length()))))
                .toList();
        if (blocks.size() < 2) {
            throw new IllegalArgumentException("a pixelwise head reads the encoder's block outputs (block1…block5); "
                    + encoder.onnxFile() + " declares " + encoder.descriptor().outputs().keySet());
        }
        return blocks;
    }

    /**
     * The split's block pyramids per frame position, from the cache or computed into it (every sample of the split),
     * keyed like the embeddings: frame 0 by the task's name, frame k > 0 by {@code <task>-frame<k>}.
     */
    private BlockPyramids pyramids(LoadedEncoder encoder, EndTask task, String manifest, Split split, SampleSource source,
                                   int frames, List<String> blocks) {
        if (source.size() == 0) {
            throw new IllegalArgumentException("task " + task.name() + " has no " + split + " samples");
        }
        List<List<FeatureFile>> perFrame = new ArrayList<>();
        List<FeatureFile> opened = new ArrayList<>();
        try {
            for (int k = 0; k < frames; k++) {
                SampleSource frame = k == 0 ? source : new FrameSource(source, k);
                String dataset = k == 0 ? task.name() : task.name() + "-frame" + k;
                FeatureExtractor.Request request = new FeatureExtractor.Request(encoder, frame, dataset, manifest, split,
                        source.size(), blocks, BLOCK_DTYPE);
                checkDiskBudget(request);
                FeatureExtractor.Result result = FeatureExtractor.extract(request, settings, cache, FeatureExtractor.Progress.NONE);
                List<FeatureFile> files = new ArrayList<>();
                for (FeatureExtractor.Entry entry : result.entries()) {
                    FeatureFile file = FeatureFile.open(entry.file());
                    opened.add(file);
                    files.add(file);
                }
                perFrame.add(files);
            }
            return new BlockPyramids(perFrame);
        } catch (RuntimeException e) {
            opened.forEach(FeatureFile::close);
            throw e;
        }
    }

    /**
     * Refuses to start an extraction whose missing block files would not fit on the cache's disk: a pyramid is
     * hundreds of times an embedding, and a half-written cache helps no one.
     *
     * @throws FeatureCacheException naming the bytes needed and free
     */
    private void checkDiskBudget(FeatureExtractor.Request request) {
        Preprocessor input = Preprocessor.of(request.encoder().descriptor().preprocessing());
        long bytes = 0;
        for (String output : request.outputs()) {
            if (cache.lookup(FeatureExtractor.keyOf(request, output)).isEmpty()) {
                bytes += request.count() * valuesPerRow(request.encoder().descriptor().outputs().get(output), input)
                        * request.dtype().bytes();
            }
        }
        long free;
        try {
            free = Files.getFileStore(cache.root()).getUsableSpace();
        } catch (IOException e) {
            return; // an unknown free space does not stop the run: writing will fail by name if the disk fills
        }
        if (bytes > free) {
            throw new FeatureCacheException(String.format(Locale.ROOT,
                    "the block pyramid of %s (%s, %d samples) needs %.1f GB in the feature cache %s but only %.1f GB are free",
                    request.dataset(), request.split(), request.count(), bytes / 1e9, cache.root(), free / 1e9), null);
        }
    }

    /** Values per sample of a block output at the encoder's input size ({@code H/s} rounded up); 0 if unknown. */
    private static long valuesPerRow(EncoderDescriptor.Output output, Preprocessor input) {
        if (output == null || output.shape().size() != 4 || !(output.shape().get(1) instanceof Long channels)) {
            return 0;
        }
        long stride = output.stride() == null ? 1 : output.stride();
        return channels * Math.ceilDiv(input.height(), stride) * Math.ceilDiv(input.width(), stride);
    }

    private ResultRecord record(ResultKey key, EndTask task, ProtocolConfig config, long seed, long started,
                                String manifest, ValidationSplit carve, EpochSelection selection,
                                List<Double> validationCurve, List<Double> testCurve, ResultRecord.SplitSizes sizes) {
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        return new ResultRecord(ResultRecord.FORMAT_VERSION, task.name(), task.category().label(),
                task.head().name(), task.metric().name(), config.metricMode().name(), selection.testAtBestValidation(),
                selection.testAtLastEpoch(), selection.validationAtBest(), selection.bestEpoch(),
                validationCurve, testCurve, sizes,
                new ResultRecord.Hyperparameters("adam", config.learningRate(), config.epochs(), config.batchSize(),
                        config.weightDecay()),
                config.hash(), seed, wallSeconds, versions(), settings.device().toString(), key.encoderSha256(),
                manifest, carve.indicesHash());
    }

    /** Open embedding files, one per frame position; closing unmaps them all. */
    private record OpenFiles(List<FeatureFile> files) implements AutoCloseable {
        @Override
        public void close() {
            files.forEach(FeatureFile::close);
        }
    }

    /**
     * The split's pooled embeddings per frame position, from the cache or computed into it (every sample of the
     * split). Frame 0 is keyed by the task's name, so single-frame and multi-frame runs share it; frame k > 0 by
     * {@code <task>-frame<k>}.
     */
    private OpenFiles embeddings(LoadedEncoder encoder, EndTask task, String manifest, Split split, SampleSource source,
                                 int frames) {
        if (source.size() == 0) {
            throw new IllegalArgumentException("task " + task.name() + " has no " + split + " samples");
        }
        List<FeatureFile> files = new ArrayList<>();
        try {
            for (int k = 0; k < frames; k++) {
                SampleSource frame = k == 0 ? source : new FrameSource(source, k);
                String dataset = k == 0 ? task.name() : task.name() + "-frame" + k;
                FeatureExtractor.Request request = new FeatureExtractor.Request(encoder, frame, dataset, manifest, split,
                        source.size(), List.of(EMBEDDING), FeatureDtype.F32);
                FeatureExtractor.Result result = FeatureExtractor.extract(request, settings, cache, FeatureExtractor.Progress.NONE);
                files.add(FeatureFile.open(result.entries().getFirst().file()));
            }
            return new OpenFiles(List.copyOf(files));
        } catch (RuntimeException e) {
            files.forEach(FeatureFile::close);
            throw e;
        }
    }

    /** The versions of the software that produced a record. */
    static ResultRecord.Versions versions() {
        return new ResultRecord.Versions(BuildInfo.version(), OnnxEngine.version(),
                Torch.version(), Runtime.version().toString());
    }

    /** A task's splits and the validation carve both protocols use: the task's own VAL as is, else a seeded share of TRAIN. */
    private record Splits(String manifest, SampleSource train, SampleSource val, SampleSource test, ValidationSplit carve) {
        static Splits of(TaskDataset data, EndTask task, ProtocolConfig config, long seed) {
            String manifest = data.manifestHash();
            SampleSource train = data.split(Split.TRAIN);
            SampleSource val = data.split(Split.VAL);
            SampleSource test = data.split(Split.TEST);
            if (test.size() == 0) {
                throw new IllegalArgumentException("task " + task.name() + " has no test samples");
            }
            ValidationSplit carve = val.size() > 0
                    ? ValidationSplit.ofTaskSplits(train.size(), val.size())
                    : ValidationSplit.carve(train.size(), config.validationFraction(), config.minValidation(), seed, manifest);
            return new Splits(manifest, train, val, test, carve);
        }
    }
}
