package dev.repbench.runtime.analysis.cka;

/**
 * The unbiased HSIC estimator of Song, Smola, Gretton, Bedo &amp; Borgwardt (2012, JMLR 13, eq. 5) on two n × n
 * Gram matrices K and L of the same n inputs, with K̃, L̃ their copies with zeroed diagonals:
 * <pre>
 *   HSIC₁(K, L) = [ tr(K̃L̃) + (1ᵀK̃1)(1ᵀL̃1) / ((n−1)(n−2)) − 2/(n−2) · 1ᵀK̃L̃1 ] / (n(n−3))
 * </pre>
 * It needs n ≥ 4. Computed in O(n²) float64 without forming K̃L̃.
 */
public final class UnbiasedHsic {
    /** The smallest number of inputs the estimator is defined for (its denominator has n − 3). */
    public static final int MIN_INPUTS = 4;

    private UnbiasedHsic() {}

    /** HSIC₁(K, L); K and L are square, finite and of the same size n ≥ 4. */
    public static double of(double[][] k, double[][] l) {
        int n = Matrices.requireSquare(k, "K");
        Matrices.requireSameSize(n, "K", Matrices.requireSquare(l, "L"), "L");
        requireEnoughInputs(n);
        return unchecked(k, l);
    }

    static void requireEnoughInputs(int n) {
        if (n < MIN_INPUTS) {
            throw new IllegalArgumentException("unbiased HSIC (Song et al. 2012) needs at least " + MIN_INPUTS
                    + " inputs, the Gram matrices have " + n);
        }
    }

    /** The estimator itself, shapes already checked. Diagonals are skipped rather than copied and zeroed. */
    static double unchecked(double[][] k, double[][] l) {
        int n = k.length;
        double trace = 0;      // tr(K̃L̃) = Σ_{i≠j} K_ij L_ji
        double sumK = 0;       // 1ᵀK̃1
        double sumL = 0;       // 1ᵀL̃1
        double[] colSumK = new double[n]; // (1ᵀK̃)_j
        double[] rowSumL = new double[n]; // (L̃1)_j
        for (int i = 0; i < n; i++) {
            double[] ki = k[i];
            double[] li = l[i];
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                trace += ki[j] * l[j][i];
                sumK += ki[j];
                sumL += li[j];
                colSumK[j] += ki[j];
                rowSumL[i] += li[j];
            }
        }
        double kl1 = 0; // 1ᵀK̃L̃1 = Σ_j (1ᵀK̃)_j (L̃1)_j
        for (int j = 0; j < n; j++) {
            kl1 += colSumK[j] * rowSumL[j];
        }
        double nd = n;
        return (trace + sumK * sumL / ((nd - 1) * (nd - 2)) - 2 * kl1 / (nd - 2)) / (nd * (nd - 3));
    }
}
