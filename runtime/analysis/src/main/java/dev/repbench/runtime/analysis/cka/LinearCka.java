package dev.repbench.runtime.analysis.cka;

/**
 * Linear CKA between two representations X (n × p) and Y (n × q) of the same n inputs (Kornblith, Norouzi, Lee
 * &amp; Hinton 2019, eq. 5), in float64:
 * <pre>
 *   biased:   CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F)          on column-centred X, Y
 *           = ⟨HKH, HLH⟩ / (‖HKH‖_F ‖HLH‖_F)           with K = XXᵀ, L = YYᵀ, H = I − 11ᵀ/n
 *   debiased: CKA = HSIC₁(K, L) / √(HSIC₁(K, K) HSIC₁(L, L))  with HSIC₁ of Song et al. 2012 ({@link UnbiasedHsic})
 * </pre>
 * The feature form costs O(n·p·q) and suits narrow features; the Gram forms cost O(n²) once the Grams exist
 * and suit wide ones (block outputs with ~10⁵ features). CKA is invariant to orthogonal transforms, isotropic
 * scaling and shifts of either side, and not to anisotropic scaling. A side without variance has no CKA: that is
 * an error, not NaN.
 */
public final class LinearCka {
    private LinearCka() {}

    /** Biased linear CKA in feature form: X is n × p, Y is n × q, row i of both describing input i. */
    public static double biased(double[][] x, double[][] y) {
        Matrices.requireRectangular(x, "X");
        Matrices.requireRectangular(y, "Y");
        Matrices.requireSameSize(x.length, "X", y.length, "Y");
        double[][] xc = Matrices.centreColumns(x);
        double[][] yc = Matrices.centreColumns(y);
        double xx = Math.sqrt(Matrices.crossProductNormSquared(xc, xc));
        double yy = Math.sqrt(Matrices.crossProductNormSquared(yc, yc));
        requireVariance(xx, "X");
        requireVariance(yy, "Y");
        return Matrices.crossProductNormSquared(yc, xc) / (xx * yy);
    }

    /** Biased linear CKA in Gram form from K = XXᵀ and L = YYᵀ (n × n each). Equals {@link #biased}. */
    public static double biasedFromGrams(double[][] k, double[][] l) {
        int n = Matrices.requireSquare(k, "K");
        Matrices.requireSameSize(n, "K", Matrices.requireSquare(l, "L"), "L");
        double[][] kc = Matrices.doubleCentre(k);
        double[][] lc = Matrices.doubleCentre(l);
        double kk = Math.sqrt(Matrices.frobeniusInner(kc, kc));
        double ll = Math.sqrt(Matrices.frobeniusInner(lc, lc));
        requireVariance(kk, "K");
        requireVariance(ll, "L");
        return Matrices.frobeniusInner(kc, lc) / (kk * ll);
    }

    /** Debiased linear CKA from Grams K and L (n × n, n ≥ 4), using the unbiased HSIC of Song et al. 2012. */
    public static double debiasedFromGrams(double[][] k, double[][] l) {
        int n = Matrices.requireSquare(k, "K");
        Matrices.requireSameSize(n, "K", Matrices.requireSquare(l, "L"), "L");
        UnbiasedHsic.requireEnoughInputs(n);
        return ratio(UnbiasedHsic.unchecked(k, l), UnbiasedHsic.unchecked(k, k), UnbiasedHsic.unchecked(l, l));
    }

    /** Debiased linear CKA from features X (n × p) and Y (n × q), n ≥ 4, via their linear Grams. */
    public static double debiased(double[][] x, double[][] y) {
        Matrices.requireRectangular(x, "X");
        Matrices.requireRectangular(y, "Y");
        Matrices.requireSameSize(x.length, "X", y.length, "Y");
        return debiasedFromGrams(gram(x), gram(y));
    }

    /** The linear Gram matrix XXᵀ (n × n) of features X (n × p), accumulated in float64. */
    public static double[][] gram(double[][] x) {
        int n = x.length;
        int p = Matrices.requireRectangular(x, "X");
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int c = 0; c < p; c++) {
                    s += x[i][c] * x[j][c];
                }
                k[i][j] = s;
                k[j][i] = s;
            }
        }
        return k;
    }

    /** HSIC(K,L) / √(HSIC(K,K) HSIC(L,L)), refusing a non-positive self-term (no variance, or too few inputs). */
    static double ratio(double kl, double kk, double ll) {
        if (!(kk > 0)) {
            throw new IllegalArgumentException("CKA undefined: HSIC(K, K) = " + kk
                    + " is not positive (the first representation has no usable variance)");
        }
        if (!(ll > 0)) {
            throw new IllegalArgumentException("CKA undefined: HSIC(L, L) = " + ll
                    + " is not positive (the second representation has no usable variance)");
        }
        return kl / Math.sqrt(kk * ll);
    }

    private static void requireVariance(double norm, String name) {
        if (!(norm > 0)) {
            throw new IllegalArgumentException("CKA undefined: " + name + " has no variance after centring");
        }
    }
}
