package dev.repbench.runtime.eval;

import dev.repbench.api.task.Metric;
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

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The study's image-level classifier protocol on cached pooled embeddings: a {@link LinearHead} (one frame) or a
 * {@link MultiInputFusionHead} (K frames, each sample's row holding its K embeddings in frame order) trained with Adam
 * (the configured learning rate, the study's 3e-4 by default) and cross-entropy on train-minus-validation; after
 * every epoch top-1 is measured on validation and on test, and the epoch is chosen on validation alone
 * ({@link EpochSelection}). Seeded: the head's initialisation comes from {@link Torch#manualSeed} and each epoch's
 * sample order from a {@link SplittableRandom} of the same seed, so one seed gives one result on CPU.
 */
public final class ImageLevelProtocol {

    /**
     * What a run produced.
     *
     * @param validationCurve top-1 on validation after each epoch
     * @param testCurve       top-1 on test after each epoch
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

    private ImageLevelProtocol() {
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
     * @return the curves and the selection
     * @throws IllegalArgumentException if the embeddings differ in size or a split is empty
     */
    public static Outcome runLinear(LabelledEmbeddings train, LabelledEmbeddings validation, LabelledEmbeddings test,
                                    int classes, ProtocolConfig config, long seed) {
        return run(train, validation, test, 1, classes, config, seed);
    }

    /**
     * Trains a classifier head on one or several frames' embeddings and scores it every epoch.
     *
     * @param frames K: 1 trains a {@link LinearHead} on {@code [N, D]} rows; 2 or more a {@link MultiInputFusionHead}
     *               on rows of K concatenated embeddings ({@code dim = K·D})
     * @see #runLinear
     */
    public static Outcome run(LabelledEmbeddings train, LabelledEmbeddings validation, LabelledEmbeddings test,
                              int frames, int classes, ProtocolConfig config, long seed) {
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
             Layer head = frames == 1 ? new LinearHead(dim, classes)
                     : new MultiInputFusionHead(dim / frames, frames, classes);
             Adam adam = new Adam(ParameterGroup.all(head.parameters()),
                     AdamOptions.adam(config.learningRate()).weightDecay(config.weightDecay()))) {
            Tensor trainX = features(train, frames);
            Tensor trainY = labels(train);
            Tensor valX = features(validation, frames);
            Tensor valY = labels(validation);
            Tensor testX = features(test, frames);
            Tensor testY = labels(test);
            int n = train.size();
            int[] permutation = LabelledEmbeddings.all(n);
            for (int epoch = 0; epoch < epochs; epoch++) {
                head.train(true);
                shuffle(permutation, order);
                for (int start = 0; start < n; start += config.batchSize()) {
                    int length = Math.min(config.batchSize(), n - start);
                    long[] batch = new long[length];
                    for (int i = 0; i < length; i++) {
                        batch[i] = permutation[start + i];
                    }
                    try (Scope step = Scope.open()) {
                        Tensor index = Tensor.of(batch, length);
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
        return new Outcome(validationCurve, testCurve, EpochSelection.select(Metric.TOP1, validationCurve, testCurve));
    }

    private static double top1(Layer head, Tensor x, Tensor y, int batchSize, MetricMode mode) {
        Top1 accuracy = Top1.of(mode);
        long n = x.size(0);
        try (GradMode noGrad = GradMode.disabled(); Scope s = Scope.open()) {
            // every sample counts: the study's loaders dropped the last partial batch of test
            for (long start = 0; start < n; start += batchSize) {
                long length = Math.min(batchSize, n - start);
                accuracy.add(head.forward(x.narrow(0, start, length)), y.narrow(0, start, length));
            }
        }
        return accuracy.score();
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
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
