package dev.repbench.runtime.analysis.cka;

import java.util.List;

/**
 * Minibatch linear CKA (as {@link MinibatchCka}) for every pair of layers at once: rows are the layers of one
 * encoder, columns the layers of the same encoder ({@link #within}) or of a second encoder ({@link #between}).
 * Each batch hands over one Gram matrix per layer, all of the same batch of inputs. Entry (i, j) compares row
 * layer i with column layer j; between two encoders the matrix is rectangular in general and is never mirrored,
 * since CKA(A.block_i, B.block_j) and CKA(A.block_j, B.block_i) are different comparisons (ViRB mirrored it).
 * Self terms HSIC₁(K, K) are computed once per layer and batch. Not thread-safe.
 */
public final class CkaMatrixAccumulator {
    private final List<String> rowLayers;
    private final List<String> columnLayers;
    private final boolean sameEncoder;
    private final double[][] crossSums;
    private final double[] rowSelfSums;
    private final double[] columnSelfSums;
    private long batches;

    private CkaMatrixAccumulator(List<String> rowLayers, List<String> columnLayers, boolean sameEncoder) {
        this.rowLayers = requireLayers(rowLayers, "row");
        this.columnLayers = requireLayers(columnLayers, "column");
        this.sameEncoder = sameEncoder;
        this.crossSums = new double[rowLayers.size()][columnLayers.size()];
        this.rowSelfSums = new double[rowLayers.size()];
        this.columnSelfSums = new double[columnLayers.size()];
    }

    /** All pairs of the layers of one encoder (e.g. block1..block5, embedding: a symmetric 6 × 6 matrix). */
    public static CkaMatrixAccumulator within(List<String> layers) {
        return new CkaMatrixAccumulator(layers, layers, true);
    }

    /** Layers of encoder A (rows) against layers of encoder B (columns): not symmetric in general. */
    public static CkaMatrixAccumulator between(List<String> rowLayers, List<String> columnLayers) {
        return new CkaMatrixAccumulator(rowLayers, columnLayers, false);
    }

    /** Adds one batch of an encoder compared {@link #within} itself: one Gram per layer, in layer order. */
    public CkaMatrixAccumulator add(List<double[][]> grams) {
        if (!sameEncoder) {
            throw new IllegalStateException("this matrix compares two encoders: add(rowGrams, columnGrams)");
        }
        return accumulate(grams, grams);
    }

    /** Adds one batch of two encoders compared {@link #between} them: one Gram per layer of each, in order. */
    public CkaMatrixAccumulator add(List<double[][]> rowGrams, List<double[][]> columnGrams) {
        if (sameEncoder) {
            throw new IllegalStateException("this matrix compares one encoder with itself: add(grams)");
        }
        return accumulate(rowGrams, columnGrams);
    }

    private CkaMatrixAccumulator accumulate(List<double[][]> rowGrams, List<double[][]> columnGrams) {
        int n = checkGrams(rowGrams, rowLayers, -1);
        checkGrams(columnGrams, columnLayers, n);
        // Compute everything first so that a failing batch leaves the sums untouched.
        double[][] cross = new double[rowLayers.size()][columnLayers.size()];
        double[] rowSelf = new double[rowLayers.size()];
        double[] columnSelf = new double[columnLayers.size()];
        for (int i = 0; i < rowSelf.length; i++) {
            rowSelf[i] = UnbiasedHsic.unchecked(rowGrams.get(i), rowGrams.get(i));
        }
        for (int j = 0; j < columnSelf.length; j++) {
            columnSelf[j] = sameEncoder ? rowSelf[j] : UnbiasedHsic.unchecked(columnGrams.get(j), columnGrams.get(j));
        }
        for (int i = 0; i < cross.length; i++) {
            for (int j = 0; j < cross[i].length; j++) {
                if (sameEncoder && j < i) {
                    cross[i][j] = cross[j][i]; // HSIC₁ is symmetric in its arguments for symmetric Grams
                } else if (sameEncoder && j == i) {
                    cross[i][j] = rowSelf[i];
                } else {
                    cross[i][j] = UnbiasedHsic.unchecked(rowGrams.get(i), columnGrams.get(j));
                }
            }
        }
        for (int i = 0; i < cross.length; i++) {
            rowSelfSums[i] += rowSelf[i];
            for (int j = 0; j < cross[i].length; j++) {
                crossSums[i][j] += cross[i][j];
            }
        }
        for (int j = 0; j < columnSelf.length; j++) {
            columnSelfSums[j] += columnSelf[j];
        }
        batches++;
        return this;
    }

    private static int checkGrams(List<double[][]> grams, List<String> layers, int expectedN) {
        if (grams == null || grams.size() != layers.size()) {
            throw new IllegalArgumentException("expected one Gram per layer " + layers + ", got "
                    + (grams == null ? "none" : grams.size()));
        }
        int n = expectedN;
        for (int i = 0; i < grams.size(); i++) {
            String name = "Gram of layer " + layers.get(i);
            int size = Matrices.requireSquare(grams.get(i), name);
            if (n < 0) {
                n = size;
            } else if (size != n) {
                throw new IllegalArgumentException(name + " is " + size + " × " + size
                        + ", the batch has " + n + " inputs");
            }
        }
        UnbiasedHsic.requireEnoughInputs(n);
        return n;
    }

    /** The number of batches added so far. */
    public long batches() {
        return batches;
    }

    /** The CKA matrix over all batches so far: rows × columns, entry (i, j) = CKA(row layer i, column layer j). */
    public CkaMatrix value() {
        if (batches == 0) {
            throw new IllegalStateException("CKA matrix has no batches yet");
        }
        double[][] values = new double[rowLayers.size()][columnLayers.size()];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                try {
                    values[i][j] = LinearCka.ratio(crossSums[i][j], rowSelfSums[i], columnSelfSums[j]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("CKA(" + rowLayers.get(i) + ", " + columnLayers.get(j)
                            + "): " + e.getMessage(), e);
                }
            }
        }
        return new CkaMatrix(rowLayers, columnLayers, values);
    }

    private static List<String> requireLayers(List<String> layers, String side) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("no " + side + " layers");
        }
        if (layers.stream().distinct().count() != layers.size()) {
            throw new IllegalArgumentException("duplicate " + side + " layer names: " + layers);
        }
        return List.copyOf(layers);
    }
}
