package dev.repbench.runtime.analysis.cka;

/**
 * How much an encoder's layers agree with one another: the mean CKA over every two different layers of its own CKA
 * matrix (the upper triangle, diagonal left out). The study compares algorithms by it (Appendix E: MoCo v2's encoders
 * 0.18 above SwAV's on average, block outputs of 10,000 ImageNet images at 112²) and reads a higher value as more of
 * the early blocks' low-level information kept in the late ones.
 */
public final class LayerAgreement {
    private LayerAgreement() {
    }

    /**
     * @param matrix one encoder's CKA between its layers: square, at least 2 × 2
     * @return the mean of {@code matrix[i][j]} over {@code i < j}
     * @throws IllegalArgumentException if the matrix is not square or has fewer than two layers
     */
    public static double of(double[][] matrix) {
        int n = matrix.length;
        if (n < 2) {
            throw new IllegalArgumentException("layer agreement needs at least two layers; this CKA matrix has " + n);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("layer agreement needs a square CKA matrix; row " + i + " has "
                        + matrix[i].length + " values for " + n + " rows");
            }
            for (int j = i + 1; j < n; j++) {
                sum += matrix[i][j];
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }

    /**
     * @param file a CKA file of one encoder (rows and columns its own layers)
     * @return the agreement of its layers
     * @throws IllegalArgumentException if the file compares two encoders
     */
    public static double of(CkaFile file) {
        if (!file.symmetric()) {
            throw new IllegalArgumentException("this CKA file compares two encoders (rows against columns); layer "
                    + "agreement reads one encoder's CKA between its own layers (repbench cka with one encoder)");
        }
        return of(file.values());
    }
}
