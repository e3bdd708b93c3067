package dev.repbench.runtime.eval;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.tasks.heads.DeepLabV3PlusHead;
import dev.repbench.tasks.heads.Pyramid;
import dev.repbench.tasks.heads.SiameseUNetHead;
import dev.repbench.tasks.heads.UNetHead;
import dev.repbench.tasks.losses.Losses;
import dev.repbench.tasks.metrics.FlowMetrics;
import dev.repbench.tasks.metrics.MeanIoU;
import dev.repbench.tasks.metrics.MetricAccumulator;
import dev.repbench.tasks.metrics.NegativeL1;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.optim.Adam;
import dev.repbench.torch.optim.AdamOptions;
import dev.repbench.torch.optim.ParameterGroup;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

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
 * {@link SplittableRandom} of the same seed.
 */
public final class PixelwiseProtocol {
    /** Samples per head-training step for pixelwise tasks unless configured: block pyramids are large. */
    public static final int DEFAULT_BATCH_SIZE = 16;

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
     * What a run produced.
     *
     * @param validationCurve the metric on validation after each epoch
     * @param testCurve       the metric on test after each epoch
     * @param selection       the epoch chosen on validation, and its scores
     */
    public record Outcome(double[] validationCurve, double[] testCurve, EpochSelection selection) {
        /** @return the validation curve as a list, for the record */
        public List<Double> validationList() {
            return Arrays.stream(validationCurve).boxed().toList();
        }

        /** @return the test curve as a list, for the record */
        public List<Double> testList() {
            return Arrays.stream(testCurve).boxed().toList();
        }
    }

    private PixelwiseProtocol() {
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
     * @return the curves and the selection
     * @throws IllegalArgumentException if a split is empty or the targets do not match the metric
     */
    public static Outcome run(PixelSet train, PixelSet validation, PixelSet test, Setup setup, ProtocolConfig config,
                              long seed) {
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
        try (Head head = Head.of(setup);
             Adam adam = new Adam(ParameterGroup.all(head.module().parameters()),
                     AdamOptions.adam(config.learningRate()).weightDecay(config.weightDecay()))) {
            int n = train.size();
            int[] permutation = LabelledEmbeddings.all(n);
            for (int epoch = 0; epoch < epochs; epoch++) {
                head.module().train(true);
                shuffle(permutation, order);
                for (int[] positions : batches(permutation, config.batchSize())) {
                    try (Scope step = Scope.open()) {
                        adam.zeroGrad();
                        Tensor output = head.forward(train, positions, setup);
                        Tensor loss = loss(output, train.targets().batch(positions), train.targets());
                        loss.backward();
                        adam.step();
                    }
                }
                head.module().eval();
                validationCurve[epoch] = score(head, validation, setup, config);
                testCurve[epoch] = score(head, test, setup, config);
            }
        }
        return new Outcome(validationCurve, testCurve, EpochSelection.select(setup.metric(), validationCurve, testCurve));
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

    private static Tensor loss(Tensor output, Tensor target, DenseTargets targets) {
        return switch (targets.kind()) {
            case LABELS -> Losses.pixelwiseCrossEntropy(output, target, targets.ignoreIndex());
            case SCALARS -> Losses.depthL1(output, target);
            case FLOW -> Losses.flowL1(output, target);
        };
    }

    /** The metric over the whole set, batch by batch, without gradients. */
    private static double score(Head head, PixelSet set, Setup setup, ProtocolConfig config) {
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
        int[] all = LabelledEmbeddings.all(set.size());
        try (GradMode noGrad = GradMode.disabled()) {
            // every sample counts, the last partial batch too
            for (int start = 0; start < all.length; start += config.batchSize()) {
                int[] positions = Arrays.copyOfRange(all, start, Math.min(all.length, start + config.batchSize()));
                try (Scope batch = Scope.open()) {
                    add.accept(head.forward(set, positions, setup), set.targets().batch(positions));
                }
            }
        }
        return accumulator.score();
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
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
    private record Head(Module module) implements AutoCloseable {
        static Head of(Setup setup) {
            return new Head(newHead(setup));
        }

        /** The head's output for samples at {@code positions} of {@code set}, {@code [B, outputs, H, W]}. */
        Tensor forward(PixelSet set, int[] positions, Setup setup) {
            int[] rows = new int[positions.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = set.rows()[positions[i]];
            }
            BlockPyramids features = set.features();
            return switch (module) {
                case UNetHead unet -> unet.forward(features.batch(0, rows), setup.height(), setup.width());
                case DeepLabV3PlusHead deepLab -> deepLab.forward(features.batch(0, rows), setup.height(), setup.width());
                case SiameseUNetHead siamese -> siamese.forward(features.batch(0, rows), features.batch(1, rows),
                        setup.height(), setup.width());
                default -> throw new IllegalStateException("not a pixelwise head: " + module);
            };
        }

        @Override
        public void close() {
            module.close();
        }
    }
}
