package dev.repbench.runtime.eval.imagelevel;

import dev.repbench.api.Device;
import dev.repbench.api.EndTask;
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
import dev.repbench.tasks.heads.LinearHead;
import dev.repbench.tasks.heads.MultiInputFusionHead;
import dev.repbench.tasks.losses.Losses;
import dev.repbench.tasks.metrics.MetricMode;
import dev.repbench.tasks.metrics.Top1;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.optim.Adam;
import dev.repbench.torch.optim.AdamOptions;
import dev.repbench.torch.optim.ParameterGroup;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The study's image-level classifier protocol on cached pooled embeddings: a {@link LinearHead} (one frame) or a
 * {@link MultiInputFusionHead} (K frames, each sample's row holding its K embeddings in frame order) trained with Adam
 * (the configured learning rate, the study's 3e-4 by default) and cross-entropy on train-minus-validation; after
 * every epoch top-1 is measured on validation and on test, and the epoch is chosen on validation alone
 * ({@link EpochSelection}). Seeded: the head's initialisation comes from {@link Torch#manualSeed} and each epoch's
 * sample order from a {@link SplittableRandom} of the same seed, so one seed gives one result on CPU.
 *
 * <p>The head trains on the cell's device: on a GPU the embeddings are copied there once, the head is initialised on
 * the CPU (the same initial weights as a CPU run of the seed) and moved, and only the scores come back.
 */
public final class ImageLevelProtocol implements Protocol {
    /** The encoder output image-level heads read. */
    public static final String EMBEDDING = "embedding";

    @Override
    public boolean serves(HeadKind head) {
        return head == HeadKind.LINEAR || head == HeadKind.MULTI_INPUT_FUSION;
    }

    @Override
    public void check(EndTask task, LoadedEncoder encoder) {
        if (!(task.output() instanceof OutputSpec.ClassScores) || !task.metric().equals(Metric.TOP1)) {
            throw new IllegalArgumentException("task " + task.name() + ": an image-level head needs class scores scored by top-1, got "
                    + task.output() + " and " + task.metric().name());
        }
    }

    /** Reads the splits' pooled embeddings (each frame position's cached separately) and trains the head on them. */
    @Override
    public Outcome run(ProtocolInput cell) {
        EndTask task = cell.task();
        int frames = task.head() == HeadKind.MULTI_INPUT_FUSION ? task.framesPerSample() : 1;
        TaskSplits splits = cell.splits();
        ValidationSplit carve = splits.carve();
        LabelledEmbeddings trainSet;
        LabelledEmbeddings valSet;
        LabelledEmbeddings testSet;
        try (CachedFeatures.Opened trainFiles = embeddings(cell, Split.TRAIN, splits.train(), frames);
             CachedFeatures.Opened testFiles = embeddings(cell, Split.TEST, splits.test(), frames)) {
            trainSet = LabelledEmbeddings.read(trainFiles.output(0), splits.train(), carve.trainIndices());
            testSet = LabelledEmbeddings.read(testFiles.output(0), splits.test(), SampleOrder.all(splits.test().size()));
            if (splits.hasOwnValidation()) {
                try (CachedFeatures.Opened valFiles = embeddings(cell, Split.VAL, splits.val(), frames)) {
                    valSet = LabelledEmbeddings.read(valFiles.output(0), splits.val(), carve.validationIndices());
                }
            } else {
                valSet = LabelledEmbeddings.read(trainFiles.output(0), splits.train(), carve.validationIndices());
            }
        }
        int classes = ((OutputSpec.ClassScores) task.output()).classes();
        Curves curves = train(trainSet, valSet, testSet, frames, classes, cell.config(), cell.seed(), cell.device());
        return new Outcome(curves, new ResultRecord.SplitSizes(trainSet.size(), valSet.size(), testSet.size()));
    }

    private static CachedFeatures.Opened embeddings(ProtocolInput cell, Split split, SampleSource source, int frames) {
        return cell.features().open(cell.encoder(), cell.task(), cell.splits().manifest(), split, source, frames,
                List.of(EMBEDDING), FeatureDtype.F32);
    }

    /**
     * Trains a linear probe and scores it every epoch.
     *
     * @param train      embeddings the head trains on
     * @param validation embeddings used to select the epoch
     * @param test       embeddings the reported metric is computed on
     * @param classes    the number of classes, at least 2, above every label
     * @param config     learning rate, epochs, batch size, weight decay, metric mode
     * @param seed       the run's seed
     * @param device     where the head trains
     * @return the curves and the selection
     * @throws IllegalArgumentException if the embeddings differ in size or a split is empty
     */
    public static Curves trainLinear(LabelledEmbeddings train, LabelledEmbeddings validation, LabelledEmbeddings test,
                                    int classes, ProtocolConfig config, long seed, Device device) {
        return train(train, validation, test, 1, classes, config, seed, device);
    }

    /**
     * Trains a classifier head on one or several frames' embeddings and scores it every epoch.
     *
     * @param frames K: 1 trains a {@link LinearHead} on {@code [N, D]} rows; 2 or more a {@link MultiInputFusionHead}
     *               on rows of K concatenated embeddings ({@code dim = K·D})
     * @see #trainLinear
     */
    public static Curves train(LabelledEmbeddings train, LabelledEmbeddings validation, LabelledEmbeddings test,
                              int frames, int classes, ProtocolConfig config, long seed, Device device) {
        int dim = train.dim();
        if (frames < 1 || dim % frames != 0) {
            throw new IllegalArgumentException("rows of " + dim + " values cannot hold " + frames + " frames' embeddings");
        }
        if (validation.dim() != dim || test.dim() != dim) {
            throw new IllegalArgumentException("embedding sizes differ: " + dim + ", " + validation.dim() + ", " + test.dim());
        }
        if (train.size() == 0 || validation.size() == 0 || test.size() == 0) {
            throw new IllegalArgumentException("every split needs samples: train " + train.size() + ", validation "
                    + validation.size() + ", test " + test.size());
        }
        int epochs = config.epochs();
        double[] validationCurve = new double[epochs];
        double[] testCurve = new double[epochs];
        Torch.manualSeed(seed);
        SplittableRandom order = new SplittableRandom(seed);
        try (Scope data = Scope.open();
             Layer head = onto(device, frames == 1 ? new LinearHead(dim, classes)
                     : new MultiInputFusionHead(dim / frames, frames, classes));
             Adam adam = new Adam(ParameterGroup.all(head.parameters()),
                     AdamOptions.adam(config.learningRate()).weightDecay(config.weightDecay()))) {
            Tensor trainX = features(train, frames).to(device);
            Tensor trainY = labels(train).to(device);
            Tensor valX = features(validation, frames).to(device);
            Tensor valY = labels(validation);  // scoring reads labels on the CPU
            Tensor testX = features(test, frames).to(device);
            Tensor testY = labels(test);
            int n = train.size();
            int[] permutation = SampleOrder.all(n);
            for (int epoch = 0; epoch < epochs; epoch++) {
                head.train(true);
                SampleOrder.shuffle(permutation, order);
                for (int start = 0; start < n; start += config.batchSize()) {
                    int length = Math.min(config.batchSize(), n - start);
                    long[] batch = new long[length];
                    for (int i = 0; i < length; i++) {
                        batch[i] = permutation[start + i];
                    }
                    try (Scope step = Scope.open()) {
                        Tensor index = Tensor.of(batch, length).to(device);
                        adam.zeroGrad();
                        Tensor loss = Losses.crossEntropy(head.forward(trainX.indexSelect(0, index)),
                                trainY.indexSelect(0, index));
                        loss.backward();
                        adam.step();
                    }
                }
                head.eval();
                validationCurve[epoch] = top1(head, valX, valY, config.batchSize(), config.metricMode());
                testCurve[epoch] = top1(head, testX, testY, config.batchSize(), config.metricMode());
            }
        }
        return new Curves(validationCurve, testCurve, EpochSelection.select(Metric.TOP1, validationCurve, testCurve));
    }

    private static double top1(Layer head, Tensor x, Tensor y, int batchSize, MetricMode mode) {
        Top1 accuracy = Top1.of(mode);
        long n = x.size(0);
        try (GradMode noGrad = GradMode.disabled(); Scope s = Scope.open()) {
            // every sample counts: the study's loaders dropped the last partial batch of test
            for (long start = 0; start < n; start += batchSize) {
                long length = Math.min(batchSize, n - start);
                // scored on the CPU (y stays there): a batch's logits are small, and the metrics read host tensors
                accuracy.add(head.forward(x.narrow(0, start, length)).to(Device.CPU), y.narrow(0, start, length));
            }
        }
        return accuracy.score();
    }

    /** {@code head} on {@code device}, initialised where it was built (the CPU): one seed, one initialisation anywhere. */
    private static Layer onto(Device device, Layer head) {
        head.to(device);
        return head;
    }

    /** {@code [N, D]} for one frame, {@code [N, K, D]} for K. */
    private static Tensor features(LabelledEmbeddings set, int frames) {
        return frames == 1 ? Tensor.of(set.features(), set.size(), set.dim())
                : Tensor.of(set.features(), set.size(), frames, set.dim() / frames);
    }

    private static Tensor labels(LabelledEmbeddings set) {
        long[] labels = new long[set.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = set.labels()[i];
        }
        return Tensor.of(labels, labels.length);
    }
}
