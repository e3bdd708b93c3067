package dev.repbench.runtime.eval.pixelwise;

import dev.repbench.api.Device;
import dev.repbench.api.EndTask;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.CachedFeatures;
import dev.repbench.runtime.eval.Curves;
import dev.repbench.runtime.eval.EpochSelection;
import dev.repbench.runtime.eval.Protocol;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.ProtocolInput;
import dev.repbench.runtime.eval.SampleOrder;
import dev.repbench.runtime.eval.TaskSplits;
import dev.repbench.runtime.eval.ValidationSplit;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import dev.repbench.tasks.heads.DeepLabV3PlusHead;
import dev.repbench.tasks.heads.Pyramid;
import dev.repbench.tasks.heads.SiameseUNetHead;
import dev.repbench.tasks.heads.UNetHead;
import dev.repbench.tasks.losses.Losses;
import dev.repbench.tasks.metrics.FlowMetrics;
import dev.repbench.tasks.metrics.MeanIoU;
import dev.repbench.tasks.metrics.MetricAccumulator;
import dev.repbench.tasks.metrics.NegativeL1;
import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.optim.Adam;
import dev.repbench.torch.optim.AdamOptions;
import dev.repbench.torch.optim.ParameterGroup;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The study's pixelwise protocol on cached block pyramids of a frozen encoder: a {@link DeepLabV3PlusHead},
 * {@link UNetHead} or {@link SiameseUNetHead} (both frames' pyramids) trained with Adam and the task's loss —
 * pixelwise cross-entropy with an ignore index for label maps, masked L1 for depth, L1 over valid pixels for
 * flow — on train-minus-validation, at the encoder's input resolution. After every epoch the task's metric is
 * accumulated over the whole validation set and the whole test set (head in eval mode), and the epoch is chosen on
 * validation alone ({@link EpochSelection}).
 *
 * <p>Unlike the study's code, the encoder cannot drift: it ran once in ONNX Runtime to fill the cache, so no
 * BatchNorm statistic and no encoder weight is touched by head training; the heads' own batch norms train with them.
 * Seeded like {@link ImageLevelProtocol}: initialisation from {@link Torch#manualSeed}, sample order from a
 * {@link SplittableRandom} of the same seed. With {@code bf16} ({@link ProtocolConfig#precision()}) each step's
 * forward, and scoring, autocast to bf16 (heads channels-last on the CPU), while losses and metrics read float32.
 * The head trains on the cell's device ({@link ProtocolInput#device()}); the block cache stays in host memory and
 * each batch is copied over, and scores are accumulated on the CPU.
 */
public final class PixelwiseProtocol implements Protocol {
    /** How block pyramids are cached: float16, the study's storage type for cached features (heads train in float32). */
    public static final FeatureDtype BLOCK_DTYPE = FeatureDtype.F16;
    private static final Pattern BLOCK = Pattern.compile("block(\\d+)");

    @Override
    public boolean serves(HeadKind head) {
        return head.isPixelwise();
    }

    /** Refuses a metric and output this protocol cannot score, and an encoder without block outputs. */
    @Override
    public void check(EndTask task, LoadedEncoder encoder) {
        targetKindOf(task.metric(), outputsOf(task));
        if (blockNames(encoder).size() < 2) {
            throw new IllegalArgumentException(task.name() + " is a pixelwise task: its head reads the encoder's feature maps"
                    + " block1..blockN ([N, C, H/s, W/s] at two strides or more), and " + encoder.onnxFile() + " has "
                    + encoder.descriptor().outputs().keySet() + " only" + whyNoBlocks(encoder) + ": name two or more"
                    + " feature-map tensors in an encoder.json as outputs: {block1: '...', block2: '...'} and import it"
                    + " again with 'repbench import --encoder-json', or evaluate image-level tasks only (--tasks image-level)");
        }
    }

    /** What the import said, when an import left the encoder without blocks. */
    private static String whyNoBlocks(LoadedEncoder encoder) {
        var imported = encoder.descriptor().provenance().imported();
        if (imported != null && "none".equals(imported.rule())) {
            return " (its import found no feature maps and no transformer tokens in it)";
        }
        return encoder.derived() ? " (a model without encoder.json: 'repbench import' finds the block outputs)" : "";
    }

    /** Reads the splits' block pyramids (extracted once per split and frame) and the dense targets, trains the head. */
    @Override
    public Outcome run(ProtocolInput cell) {
        EndTask task = cell.task();
        int outputs = outputsOf(task);
        Preprocessor input = Preprocessor.of(cell.encoder().descriptor().preprocessing());
        List<String> blocks = blockOutputs(cell.encoder());
        TaskSplits splits = cell.splits();
        ValidationSplit carve = splits.carve();
        int frames = task.head() == HeadKind.SIAMESE_UNET ? 2 : 1;
        try (BlockPyramids trainBlocks = pyramids(cell, Split.TRAIN, splits.train(), frames, blocks);
             BlockPyramids testBlocks = pyramids(cell, Split.TEST, splits.test(), frames, blocks);
             BlockPyramids valBlocks = splits.hasOwnValidation()
                     ? pyramids(cell, Split.VAL, splits.val(), frames, blocks) : null) {
            List<Integer> strides = blocks.stream().map(b -> cell.encoder().descriptor().outputs().get(b).stride()).toList();
            Setup setup = new Setup(task.head(), trainBlocks.pyramid(input.height(), strides), outputs, task.metric(),
                    input.height(), input.width());
            DenseTargets.Kind kind = setup.targetKind();
            int ignore = Math.max(LabelMap.DEFAULT_IGNORE_INDEX, outputs);
            int[] trainRows = carve.trainIndices();
            int[] valRows = carve.validationIndices();
            int[] testRows = SampleOrder.all(splits.test().size());
            SampleSource valSource = splits.hasOwnValidation() ? splits.val() : splits.train();
            PixelSet trainSet = new PixelSet(trainBlocks, trainRows,
                    DenseTargets.read(splits.train(), trainRows, kind, input.height(), input.width(), ignore));
            PixelSet valSet = new PixelSet(valBlocks != null ? valBlocks : trainBlocks, valRows,
                    DenseTargets.read(valSource, valRows, kind, input.height(), input.width(), ignore));
            PixelSet testSet = new PixelSet(testBlocks, testRows,
                    DenseTargets.read(splits.test(), testRows, kind, input.height(), input.width(), ignore));
            TrainingPrecision precision = TrainingPrecision.of(cell.config().precision(), cell.device());
            Curves curves = train(trainSet, valSet, testSet, setup, cell.config(), cell.seed(), precision);
            return new Outcome(curves, new ResultRecord.SplitSizes(trainSet.size(), valSet.size(), testSet.size()),
                    precision.effective());
        }
    }

    /** Output channels of a task's head: its classes, or its values' channels. */
    private static int outputsOf(EndTask task) {
        return switch (task.output()) {
            case OutputSpec.ClassScores scores -> scores.classes();
            case OutputSpec.Values values -> values.channels();
        };
    }

    /** The encoder's {@code block<k>} outputs, finest first. */
    private static List<String> blockNames(LoadedEncoder encoder) {
        return encoder.descriptor().outputs().keySet().stream()
                .filter(name -> BLOCK.matcher(name).matches())
                .sorted(Comparator.comparingInt(name -> Integer.parseInt(name.substring("block".length()))))
                .toList();
    }

    /** The encoder's {@code block<k>} outputs, finest first; two or more. */
    static List<String> blockOutputs(LoadedEncoder encoder) {
        List<String> blocks = blockNames(encoder);
        if (blocks.size() < 2) {
            throw new IllegalArgumentException("a pixelwise head reads the encoder's block outputs (block1…block5); "
                    + encoder.onnxFile() + " declares " + encoder.descriptor().outputs().keySet());
        }
        return blocks;
    }

    /** The split's block pyramids per frame position, from the cache or computed into it. */
    private static BlockPyramids pyramids(ProtocolInput cell, Split split, SampleSource source, int frames, List<String> blocks) {
        CachedFeatures.Opened opened = cell.features().open(cell.encoder(), cell.task(), cell.splits().manifest(), split,
                source, frames, blocks, BLOCK_DTYPE);
        try {
            return new BlockPyramids(opened.frames());
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Some samples of a split: their cached blocks and their targets.
     *
     * @param features the split's cached block pyramids (every sample of the split)
     * @param rows     the samples used, rows of {@code features}
     * @param targets  their targets, in {@code rows}' order
     */
    public record PixelSet(BlockPyramids features, int[] rows, DenseTargets targets) {
        /** @throws IllegalArgumentException if rows and targets differ in number */
        public PixelSet {
            Objects.requireNonNull(features, "features");
            rows = rows.clone();
            if (rows.length != targets.size()) {
                throw new IllegalArgumentException(rows.length + " rows but " + targets.size() + " targets");
            }
        }

        /** @return how many samples */
        public int size() {
            return rows.length;
        }
    }

    /**
     * What the head must produce and how it is scored.
     *
     * @param head     the head architecture
     * @param pyramid  the encoder's blocks
     * @param outputs  output channels: classes for label maps, 1 for depth, 2 for flow
     * @param metric   {@link Metric#MIOU}, {@link Metric#NEG_L1} or {@link Metric#ONE_MINUS_FL_ALL}
     * @param height   the output height (the encoder's input height)
     * @param width    the output width
     */
    public record Setup(HeadKind head, Pyramid pyramid, int outputs, Metric metric, int height, int width) {
        /** @throws IllegalArgumentException if the head is not pixelwise or the metric unknown here */
        public Setup {
            if (!head.isPixelwise()) {
                throw new IllegalArgumentException(head + " is not a pixelwise head");
            }
            targetKindOf(metric, outputs);
        }

        /** The frames each sample has: 2 for the Siamese U-Net, else 1. */
        public int frames() {
            return head == HeadKind.SIAMESE_UNET ? 2 : 1;
        }

        /** The target kind the metric scores. */
        public DenseTargets.Kind targetKind() {
            return targetKindOf(metric, outputs);
        }
    }

    /**
     * The targets a metric scores: label maps for mIoU, depth maps for −L1, flow maps for 1 − Fl-all.
     *
     * @param metric  the task's metric
     * @param outputs the head's output channels: at least 2 classes for mIoU, 1 for −L1, 2 for flow
     * @throws IllegalArgumentException for another metric, or outputs that do not fit it
     */
    public static DenseTargets.Kind targetKindOf(Metric metric, int outputs) {
        DenseTargets.Kind kind;
        boolean fits;
        if (metric.equals(Metric.MIOU)) {
            kind = DenseTargets.Kind.LABELS;
            fits = outputs >= 2;
        } else if (metric.equals(Metric.NEG_L1)) {
            kind = DenseTargets.Kind.SCALARS;
            fits = outputs == 1;
        } else if (metric.equals(Metric.ONE_MINUS_FL_ALL)) {
            kind = DenseTargets.Kind.FLOW;
            fits = outputs == 2;
        } else {
            throw new IllegalArgumentException("the pixelwise protocol scores miou, neg-l1 or one-minus-fl-all, not "
                    + metric.name());
        }
        if (!fits) {
            throw new IllegalArgumentException(metric.name() + " cannot score a head of " + outputs + " output channels");
        }
        return kind;
    }


    /**
     * Trains the head and scores it every epoch.
     *
     * @param train      samples the head trains on
     * @param validation samples that select the epoch
     * @param test       samples the reported metric is computed on
     * @param setup      head, pyramid, outputs, metric and output size
     * @param config     learning rate, epochs, batch size, weight decay, metric mode
     * @param seed       the run's seed
     * @param precision  the device the head trains on and its precision there ({@code config}'s, resolved for it)
     * @return the curves and the selection
     * @throws IllegalArgumentException if a split is empty or the targets do not match the metric
     */
    public static Curves train(PixelSet train, PixelSet validation, PixelSet test, Setup setup, ProtocolConfig config,
                              long seed, TrainingPrecision precision) {
        if (train.size() == 0 || validation.size() == 0 || test.size() == 0) {
            throw new IllegalArgumentException("every split needs samples: train " + train.size() + ", validation "
                    + validation.size() + ", test " + test.size());
        }
        for (PixelSet set : List.of(train, validation, test)) {
            if (set.targets().kind() != setup.targetKind()) {
                throw new IllegalArgumentException(setup.metric().name() + " scores " + setup.targetKind() + " targets, got "
                        + set.targets().kind());
            }
            if (set.features().frames().size() != setup.frames()) {
                throw new IllegalArgumentException(setup.head() + " reads " + setup.frames() + " frames' blocks, got "
                        + set.features().frames().size());
            }
        }
        int epochs = config.epochs();
        double[] validationCurve = new double[epochs];
        double[] testCurve = new double[epochs];
        Torch.manualSeed(seed);
        SplittableRandom order = new SplittableRandom(seed);
        try (Head head = Head.of(setup, precision);
             Adam adam = new Adam(ParameterGroup.all(head.module().parameters()),
                     AdamOptions.adam(config.learningRate()).weightDecay(config.weightDecay()))) {
            int n = train.size();
            int[] permutation = SampleOrder.all(n);
            for (int epoch = 0; epoch < epochs; epoch++) {
                head.module().train(true);
                SampleOrder.shuffle(permutation, order);
                for (int[] positions : batches(permutation, config.batchSize())) {
                    try (Scope step = Scope.open()) {
                        adam.zeroGrad();
                        Tensor output;
                        // The head's forward autocast (bf16 convolutions), the loss in float32 outside it.
                        try (TrainingPrecision.Region autocast = precision.autocast()) {
                            output = head.forward(train, positions, setup);
                        }
                        Tensor loss = loss(float32(output), train.targets().batch(positions).to(precision.device()),
                                train.targets());
                        loss.backward();
                        adam.step();
                    }
                }
                head.module().eval();
                validationCurve[epoch] = score(head, validation, setup, config, precision);
                testCurve[epoch] = score(head, test, setup, config, precision);
            }
        }
        return new Curves(validationCurve, testCurve, EpochSelection.select(setup.metric(), validationCurve, testCurve));
    }

    /**
     * Consecutive batches of {@code batchSize} positions; a last batch of one sample joins the one before, since
     * a batch norm cannot train on a single 1×1 map (DeepLab's image pooling).
     */
    static List<int[]> batches(int[] permutation, int batchSize) {
        List<int[]> batches = new java.util.ArrayList<>();
        int n = permutation.length;
        int start = 0;
        while (start < n) {
            int end = Math.min(n, start + batchSize);
            if (n - end == 1) {
                end = n;
            }
            batches.add(Arrays.copyOfRange(permutation, start, end));
            start = end;
        }
        return batches;
    }

    /** A head's output as float32: what losses and metrics read, whatever the head ran in. */
    private static Tensor float32(Tensor output) {
        return output.dtype() == DType.FLOAT32 ? output : output.to(DType.FLOAT32);
    }

    private static Tensor loss(Tensor output, Tensor target, DenseTargets targets) {
        return switch (targets.kind()) {
            case LABELS -> Losses.pixelwiseCrossEntropy(output, target, targets.ignoreIndex());
            case SCALARS -> Losses.depthL1(output, target);
            case FLOW -> Losses.flowL1(output, target);
        };
    }

    /** The metric over the whole set, batch by batch, without gradients. */
    private static double score(Head head, PixelSet set, Setup setup, ProtocolConfig config, TrainingPrecision precision) {
        MetricAccumulator accumulator;
        BiConsumer<Tensor, Tensor> add;
        switch (setup.targetKind()) {
            case LABELS -> {
                MeanIoU miou = MeanIoU.of(setup.outputs(), set.targets().ignoreIndex(), config.metricMode());
                accumulator = miou;
                add = miou::add;
            }
            case SCALARS -> {
                NegativeL1 l1 = NegativeL1.of(config.metricMode());
                accumulator = l1;
                add = l1::add;
            }
            case FLOW -> {
                FlowMetrics flow = FlowMetrics.of(config.metricMode());
                accumulator = flow;
                add = flow::add;
            }
            default -> throw new IllegalStateException();
        }
        int[] all = SampleOrder.all(set.size());
        try (GradMode noGrad = GradMode.disabled()) {
            // every sample counts, the last partial batch too
            for (int start = 0; start < all.length; start += config.batchSize()) {
                int[] positions = Arrays.copyOfRange(all, start, Math.min(all.length, start + config.batchSize()));
                try (Scope batch = Scope.open()) {
                    Tensor output;
                    try (TrainingPrecision.Region autocast = precision.autocast()) {
                        output = head.forward(set, positions, setup);
                    }
                    // scored on the CPU, where the targets are: the metrics are written for host tensors
                    add.accept(float32(output).to(Device.CPU), set.targets().batch(positions));
                }
            }
        }
        return accumulator.score();
    }

    /** A freshly initialised head for {@code setup}: only its parameters are ever handed to the optimiser. */
    static Module newHead(Setup setup) {
        return switch (setup.head()) {
            case UNET -> new UNetHead(setup.pyramid(), setup.outputs());
            case SIAMESE_UNET -> new SiameseUNetHead(setup.pyramid(), setup.outputs());
            case DEEPLAB_V3_PLUS -> new DeepLabV3PlusHead(setup.pyramid(), setup.outputs());
            default -> throw new IllegalArgumentException(setup.head() + " is not a pixelwise head");
        };
    }

    /** A pixelwise head behind one forward over a set's cached blocks. */
    private record Head(Module module, TrainingPrecision precision) implements AutoCloseable {
        /** Initialised on the CPU (one seed, one initialisation on any device), then moved to the precision's device. */
        static Head of(Setup setup, TrainingPrecision precision) {
            Module head = newHead(setup);
            head.to(precision.device());
            return new Head(precision.prepare(head), precision);
        }

        /** The head's output for samples at {@code positions} of {@code set}, {@code [B, outputs, H, W]}. */
        Tensor forward(PixelSet set, int[] positions, Setup setup) {
            int[] rows = new int[positions.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = set.rows()[positions[i]];
            }
            BlockPyramids features = set.features();
            return switch (module) {
                case UNetHead unet -> unet.forward(blocks(features, 0, rows), setup.height(), setup.width());
                case DeepLabV3PlusHead deepLab -> deepLab.forward(blocks(features, 0, rows), setup.height(), setup.width());
                case SiameseUNetHead siamese -> siamese.forward(blocks(features, 0, rows), blocks(features, 1, rows),
                        setup.height(), setup.width());
                default -> throw new IllegalStateException("not a pixelwise head: " + module);
            };
        }

        /**
         * A frame's blocks for {@code rows}, on the head's device in the memory order its convolutions want: the block
         * cache stays in host memory (float16 files, mapped), and each batch goes over alone.
         */
        private List<Tensor> blocks(BlockPyramids features, int frame, int[] rows) {
            return features.batch(frame, rows).stream().map(block -> precision.prepareInput(block.to(precision.device())))
                    .toList();
        }

        @Override
        public void close() {
            module.close();
        }
    }
}
