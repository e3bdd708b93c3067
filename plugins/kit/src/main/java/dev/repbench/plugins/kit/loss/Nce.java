package dev.repbench.plugins.kit.loss;

import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

/**
 * Noise-contrastive estimation against a memory bank with a uniform noise distribution (Wu et al. 2018, used by
 * PIRL), as the reference implementation computes it. For a query and a bank entry with similarity {@code s}
 * (usually the cosine of two L2-normalised vectors), the probability that the entry is the query's true match
 * rather than one of {@code N} noise draws from a dataset of {@code |D|} images is
 * <pre>
 * h(s) = P(s) / (P(s) + N / |D|),   P(s) = exp(s / τ) / Z
 * </pre>
 * and the loss of a batch of {@code B} queries, each with one positive {@code s⁺} and {@code N} negatives
 * {@code s⁻ₖ}, is
 * <pre>
 * L = (1/B) · Σ_b [ −log h(s⁺_b) − Σ_k log(1 − h(s⁻_bk)) ]
 * </pre>
 * {@code Z} is the normalising constant that turns {@code exp(s/τ)} into a density over the dataset; PIRL's
 * paper writes the formula with {@code Z = 1}, its reference implementation estimates {@code Z} once, on the
 * first batch, with {@link #normalisingConstant}. The reference also adds float32's epsilon to the
 * denominators; here {@code log h} and {@code log(1 − h)} are computed as log-sigmoids of
 * {@code s/τ − log Z − log(N/|D|)} instead, which needs no epsilon and never takes the log of zero. Computed in
 * float32 whatever the step's precision ({@link Float32Island}).
 */
public final class Nce {
    private static final Op LOG_SIGMOID = Op.of("aten::log_sigmoid");

    private Nce() {
    }

    /**
     * @param positiveSimilarities {@code [B]}: each query's similarity to its own bank entry
     * @param negativeSimilarities {@code [B, N]}: each query's similarities to its {@code N} noise draws
     * @param temperature          τ, positive
     * @param datasetSize          |D|, the number of entries the noise was drawn from, positive
     * @param normalisingConstant  Z, positive (1 for the paper's formula)
     * @return the scalar loss, averaged over the batch and summed over the negatives
     */
    public static Tensor loss(Tensor positiveSimilarities, Tensor negativeSimilarities, double temperature, long datasetSize,
                              double normalisingConstant) {
        long negatives = checkShapes(positiveSimilarities, negativeSimilarities);
        checkPositive("temperature", temperature);
        checkPositive("dataset size", datasetSize);
        checkPositive("normalising constant Z", normalisingConstant);
        // h = sigmoid(s/τ − log Z − log(N/|D|)), so log h = logσ(x) and log(1 − h) = logσ(−x).
        double shift = -Math.log(normalisingConstant) - Math.log((double) negatives / datasetSize);
        try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(positiveSimilarities)) {
            Tensor positiveLogits = island.input(positiveSimilarities).div(temperature).add(shift);
            Tensor negativeLogits = island.input(negativeSimilarities).div(temperature).add(shift);
            Tensor positiveTerms = LOG_SIGMOID.call1(positiveLogits).sum();
            Tensor negativeTerms = LOG_SIGMOID.call1(negativeLogits.neg()).sum();
            return inner.keepInParent(positiveTerms.add(negativeTerms).div(-(double) positiveSimilarities.size(0)));
        }
    }

    /**
     * The reference implementation's estimate of {@code Z}: the mean of {@code exp(s/τ)} over every positive
     * and negative similarity of a batch, times the dataset size, so that {@code P(s)} averages {@code 1/|D|}.
     *
     * @param positiveSimilarities {@code [B]}
     * @param negativeSimilarities {@code [B, N]}
     * @param temperature          τ, positive
     * @param datasetSize          |D|, positive
     * @return Z
     */
    public static double normalisingConstant(Tensor positiveSimilarities, Tensor negativeSimilarities, double temperature,
                                             long datasetSize) {
        checkShapes(positiveSimilarities, negativeSimilarities);
        checkPositive("temperature", temperature);
        checkPositive("dataset size", datasetSize);
        try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(positiveSimilarities)) {
            Tensor positive = island.input(positiveSimilarities.detach()).div(temperature).exp().sum();
            Tensor negative = island.input(negativeSimilarities.detach()).div(temperature).exp().sum();
            double count = positiveSimilarities.numel() + negativeSimilarities.numel();
            return positive.add(negative).item() / count * datasetSize;
        }
    }

    private static long checkShapes(Tensor positive, Tensor negative) {
        if (positive.ndim() != 1 || negative.ndim() != 2 || negative.size(0) != positive.size(0) || negative.size(1) < 1
                || positive.size(0) < 1) {
            throw new IllegalArgumentException("NCE needs positive similarities [B] and negative similarities [B, N] with"
                    + " B, N >= 1; got " + positive.describe() + " and " + negative.describe());
        }
        return negative.size(1);
    }

    private static void checkPositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("NCE's " + name + " must be a positive finite number, got " + value);
        }
    }
}
