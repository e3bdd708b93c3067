package dev.repbench.runtime.analysis.cka;

/**
 * Minibatch linear CKA for one pair of representations (Nguyen, Raghu &amp; Kornblith 2021, "Do Wide and Deep
 * Networks Learn the Same Things?", eq. 2–3): per batch b of inputs, given the batch Grams K_b and L_b, the
 * three unbiased HSIC terms ({@link UnbiasedHsic}) are each averaged over batches, and only then
 * <pre>
 *   CKA = mean_b HSIC₁(K_b, L_b) / √( mean_b HSIC₁(K_b, K_b) · mean_b HSIC₁(L_b, L_b) )
 * </pre>
 * This is not a mean of per-batch CKAs. Batches may differ in size (each ≥ 4). Not thread-safe.
 */
public final class MinibatchCka {
    private double sumKl;
    private double sumKk;
    private double sumLl;
    private long batches;

    /** Adds one batch: K_b and L_b are the linear Grams (batch × batch) of the two representations. */
    public MinibatchCka add(double[][] kBatch, double[][] lBatch) {
        int n = Matrices.requireSquare(kBatch, "K");
        Matrices.requireSameSize(n, "K", Matrices.requireSquare(lBatch, "L"), "L");
        UnbiasedHsic.requireEnoughInputs(n);
        sumKl += UnbiasedHsic.unchecked(kBatch, lBatch);
        sumKk += UnbiasedHsic.unchecked(kBatch, kBatch);
        sumLl += UnbiasedHsic.unchecked(lBatch, lBatch);
        batches++;
        return this;
    }

    /** The number of batches added so far. */
    public long batches() {
        return batches;
    }

    /** The CKA over all batches added so far; an error before the first batch. */
    public double value() {
        if (batches == 0) {
            throw new IllegalStateException("minibatch CKA has no batches yet");
        }
        // The common 1/batches factor cancels in the ratio, so the sums are used directly.
        return LinearCka.ratio(sumKl, sumKk, sumLl);
    }
}
