package dev.repbench.runtime.analysis.cka;

/** Shape checks and the few float64 matrix products CKA needs, on row-major {@code double[][]}. */
final class Matrices {
    private Matrices() {}

    /** Checks that {@code m} is a non-empty rectangular matrix of finite values; returns its column count. */
    static int requireRectangular(double[][] m, String name) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + " has no rows");
        }
        if (m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(name + " has no columns");
        }
        int cols = m[0].length;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != cols) {
                throw new IllegalArgumentException(name + " is not rectangular: row " + i + " has "
                        + (m[i] == null ? "no" : m[i].length) + " values, row 0 has " + cols);
            }
            for (int j = 0; j < cols; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is not finite: " + m[i][j]);
                }
            }
        }
        return cols;
    }

    /** Checks that {@code m} is a square matrix of finite values; returns n. */
    static int requireSquare(double[][] m, String name) {
        int cols = requireRectangular(m, name);
        if (cols != m.length) {
            throw new IllegalArgumentException(name + " must be a square Gram matrix, is " + m.length + " × " + cols);
        }
        return cols;
    }

    static void requireSameSize(int nA, String a, int nB, String b) {
        if (nA != nB) {
            throw new IllegalArgumentException(a + " and " + b + " must describe the same inputs: " + nA + " vs "
                    + nB + " rows");
        }
    }

    /** A copy of {@code x} with each column's mean subtracted (the mean taken in two passes for accuracy). */
    static double[][] centreColumns(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                c[i][j] = x[i][j] - mean[j];
            }
        }
        return c;
    }

    /** HKH with H = I − 11ᵀ/n: subtract row and column means, add back the grand mean. */
    static double[][] doubleCentre(double[][] k) {
        int n = k.length;
        double[] rowMean = new double[n];
        double[] colMean = new double[n];
        double grand = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rowMean[i] += k[i][j];
                colMean[j] += k[i][j];
            }
        }
        for (int i = 0; i < n; i++) {
            grand += rowMean[i];
            rowMean[i] /= n;
            colMean[i] /= n;
        }
        grand /= (double) n * n;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = k[i][j] - rowMean[i] - colMean[j] + grand;
            }
        }
        return c;
    }

    /** ‖AᵀB‖²_F for A (n × p) and B (n × q), without forming more than one row of AᵀB at a time. */
    static double crossProductNormSquared(double[][] a, double[][] b) {
        int n = a.length;
        int p = a[0].length;
        int q = b[0].length;
        double sum = 0;
        double[] row = new double[q];
        for (int i = 0; i < p; i++) {
            java.util.Arrays.fill(row, 0);
            for (int r = 0; r < n; r++) {
                double ari = a[r][i];
                double[] br = b[r];
                for (int j = 0; j < q; j++) {
                    row[j] += ari * br[j];
                }
            }
            for (int j = 0; j < q; j++) {
                sum += row[j] * row[j];
            }
        }
        return sum;
    }

    /** Frobenius inner product ⟨A, B⟩ = Σ A_ij B_ij of two same-shape matrices. */
    static double frobeniusInner(double[][] a, double[][] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                sum += a[i][j] * b[i][j];
            }
        }
        return sum;
    }
}
