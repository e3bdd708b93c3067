package dev.repbench.runtime.analysis.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.special.Beta;

/**
 * Factorial ANOVA by ordinary least squares on an unbalanced long table ({@link AnovaData}): main effects and
 * two-way interactions, type I, II or III sums of squares ({@link SumOfSquaresType}), as statsmodels'
 * {@code anova_lm(ols(...).fit(), typ=1|2|3)} with {@code C(x, Sum)} coding for type III (PAPER.md analysis 6).
 * <p>
 * Design: an intercept column, then per main effect of a factor with levels ℓ₁ &lt; … &lt; ℓ_k (sorted, as patsy)
 * the k − 1 sum-to-zero columns (1 at ℓ_j, −1 at ℓ_k, else 0), per interaction the products of its factors'
 * columns. Every SS is a difference of residual sums of squares of nested full-rank fits (Householder QR, Commons
 * Math), so types I and II do not depend on the coding and type III has the coding it needs. Then
 * <pre>
 *   F = (SS / df) / (RSS / df_residual),   p = P(F_{d1,d2} ≥ F) = I_{d2/(d2 + d1·F)}(d2/2, d1/2)
 * </pre>
 * by {@code Beta.regularizedBeta} directly: {@code 1 − FDistribution.cdf} underflows to 0 near p ≈ 1e−16.
 * <p>
 * Refused with errors naming the factor and level: a factor with a single level, an interaction with an empty
 * cell (a combination of levels without observations), an interaction whose main effects are not in the model,
 * terms confounded with each other (rank deficiency), no residual degrees of freedom. Non-finite responses are
 * refused when the table is built.
 */
public final class FactorialAnova {
    private static final String INTERCEPT = "Intercept";

    private FactorialAnova() {}

    /** The ANOVA table of {@code terms} (main effects before interactions, type I takes them in this order). */
    public static AnovaTable fit(AnovaData data, List<Term> terms, SumOfSquaresType type) {
        checkTerms(data, terms);
        Design design = Design.of(data, terms);
        int all = design.blockCount();
        double rss = design.rss(range(0, all));
        int residualDf = data.size() - design.columnCount();
        if (residualDf <= 0) {
            throw new IllegalArgumentException("no residual degrees of freedom: " + data.size() + " observations for "
                    + design.columnCount() + " model columns");
        }
        AnovaRow residual = new AnovaRow("Residual", residualDf, rss, rss / residualDf, Double.NaN, Double.NaN);
        List<AnovaRow> rows = new ArrayList<>();
        switch (type) {
            case TYPE_I -> {
                double previous = design.rss(range(0, 1));
                for (int b = 1; b < all; b++) {
                    double current = b == all - 1 ? rss : design.rss(range(0, b + 1));
                    rows.add(row(design, b, previous - current, residual));
                    previous = current;
                }
            }
            case TYPE_II -> {
                for (int b = 1; b < all; b++) {
                    Term term = terms.get(b - 1);
                    List<Integer> without = new ArrayList<>(List.of(0));
                    for (int other = 1; other < all; other++) {
                        if (!terms.get(other - 1).contains(term)) {
                            without.add(other);
                        }
                    }
                    List<Integer> with = new ArrayList<>(without);
                    with.add(b);
                    rows.add(row(design, b, design.rss(without) - design.rss(with), residual));
                }
            }
            case TYPE_III -> {
                for (int b = 0; b < all; b++) {
                    List<Integer> without = range(0, all);
                    without.remove(Integer.valueOf(b));
                    rows.add(row(design, b, design.rss(without) - rss, residual)); // terms ≥ 1: never empty
                }
            }
        }
        return new AnovaTable(type, rows, residual, data.size());
    }

    /** The upper-tail probability P(F_{d1,d2} ≥ f), accurate far below 1e−16. */
    public static double fTestP(double f, int d1, int d2) {
        if (Double.isNaN(f) || d1 <= 0 || d2 <= 0) {
            throw new IllegalArgumentException("F test needs F ≥ 0 and positive df, got F = " + f + ", df = (" + d1
                    + ", " + d2 + ")");
        }
        if (f <= 0) {
            return 1;
        }
        if (Double.isInfinite(f)) {
            return 0;
        }
        return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2.0, d1 / 2.0);
    }

    private static AnovaRow row(Design design, int block, double ss, AnovaRow residual) {
        // A difference of residual sums of squares of nested fits is ≥ 0; rounding may leave −1e−15 behind.
        double sumOfSquares = Math.max(0, ss);
        int df = design.blockWidth(block);
        double meanSquare = sumOfSquares / df;
        double f = meanSquare / residual.meanSquare();
        return new AnovaRow(design.blockName(block), df, sumOfSquares, meanSquare, f,
                fTestP(f, df, residual.df()));
    }

    private static void checkTerms(AnovaData data, List<Term> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("the model has no terms");
        }
        Set<Set<String>> seen = new HashSet<>();
        Set<Set<String>> mains = new HashSet<>();
        for (Term term : terms) {
            for (String factor : term.factors()) {
                data.factorIndex(factor);
            }
            if (!seen.add(new HashSet<>(term.factors()))) {
                throw new IllegalArgumentException("term " + term.name() + " appears twice in the model");
            }
            if (term.factors().size() == 1) {
                mains.add(Set.of(term.factors().get(0)));
            } else {
                for (String factor : term.factors()) {
                    if (!mains.contains(Set.of(factor))) {
                        throw new IllegalArgumentException("interaction " + term.name() + " needs the main effect "
                                + factor + " earlier in the model (main effects first)");
                    }
                }
            }
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }

    /** The sum-coded design matrix as blocks of columns: block 0 the intercept, block b ≥ 1 term b − 1. */
    private record Design(double[][] x, double[] y, List<int[]> blocks, List<String> names) {
        static Design of(AnovaData data, List<Term> terms) {
            int n = data.size();
            List<double[][]> blockColumns = new ArrayList<>(); // per block: columns × n
            List<String> names = new ArrayList<>();
            double[][] intercept = new double[1][n];
            java.util.Arrays.fill(intercept[0], 1);
            blockColumns.add(intercept);
            names.add(INTERCEPT);
            java.util.Map<String, double[][]> factorColumns = new java.util.HashMap<>();
            for (Term term : terms) {
                for (String factor : term.factors()) {
                    factorColumns.computeIfAbsent(factor, f -> sumCoded(data, f));
                }
                if (term.factors().size() == 2) {
                    requireNoEmptyCells(data, term);
                }
                double[][] columns = factorColumns.get(term.factors().get(0));
                if (term.factors().size() == 2) {
                    double[][] other = factorColumns.get(term.factors().get(1));
                    double[][] product = new double[columns.length * other.length][n];
                    for (int a = 0; a < columns.length; a++) {
                        for (int b = 0; b < other.length; b++) {
                            for (int i = 0; i < n; i++) {
                                product[a * other.length + b][i] = columns[a][i] * other[b][i];
                            }
                        }
                    }
                    columns = product;
                }
                blockColumns.add(columns);
                names.add(term.name());
            }
            int width = blockColumns.stream().mapToInt(c -> c.length).sum();
            double[][] x = new double[n][width];
            List<int[]> blocks = new ArrayList<>();
            int start = 0;
            for (double[][] columns : blockColumns) {
                int[] indices = new int[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    indices[c] = start + c;
                    for (int i = 0; i < n; i++) {
                        x[i][start + c] = columns[c][i];
                    }
                }
                blocks.add(indices);
                start += columns.length;
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = data.response(i);
            }
            return new Design(x, y, blocks, names);
        }

        int blockCount() {
            return blocks.size();
        }

        int blockWidth(int block) {
            return blocks.get(block).length;
        }

        String blockName(int block) {
            return names.get(block);
        }

        int columnCount() {
            return x[0].length;
        }

        /** The residual sum of squares of the least-squares fit on the given blocks' columns. */
        double rss(List<Integer> chosen) {
            List<Integer> columns = new ArrayList<>();
            for (int b : chosen) {
                for (int c : blocks.get(b)) {
                    columns.add(c);
                }
            }
            int n = y.length;
            double[][] sub = new double[n][columns.size()];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < columns.size(); c++) {
                    sub[i][c] = x[i][columns.get(c)];
                }
            }
            Array2DRowRealMatrix matrix = new Array2DRowRealMatrix(sub, false);
            // Entries are 0, ±1: a diagonal of R below 1e−10·√n means a column is a combination of earlier ones.
            DecompositionSolver solver = new QRDecomposition(matrix, 1e-10 * Math.sqrt(n)).getSolver();
            RealVector beta;
            try {
                beta = solver.solve(new ArrayRealVector(y, false));
            } catch (SingularMatrixException e) {
                List<String> terms = chosen.stream().map(names::get).toList();
                throw new IllegalArgumentException("the model terms " + terms + " are confounded in this design "
                        + "(rank deficient): some levels of different factors always occur together", e);
            }
            double[] fitted = matrix.operate(beta.toArray());
            double rss = 0;
            for (int i = 0; i < n; i++) {
                double r = y[i] - fitted[i];
                rss += r * r;
            }
            return rss;
        }

        /** Sum-to-zero columns of one factor (patsy's {@code C(x, Sum)}): columns × observations. */
        private static double[][] sumCoded(AnovaData data, String factor) {
            int f = data.factorIndex(factor);
            TreeSet<String> sorted = new TreeSet<>();
            for (int i = 0; i < data.size(); i++) {
                sorted.add(data.level(i, f));
            }
            if (sorted.size() < 2) {
                throw new IllegalArgumentException("factor " + factor + " has a single level, " + sorted.first()
                        + ": it has no effect to test");
            }
            List<String> levels = new ArrayList<>(sorted);
            String last = levels.get(levels.size() - 1);
            double[][] columns = new double[levels.size() - 1][data.size()];
            for (int i = 0; i < data.size(); i++) {
                String level = data.level(i, f);
                if (level.equals(last)) {
                    for (double[] column : columns) {
                        column[i] = -1;
                    }
                } else {
                    columns[levels.indexOf(level)][i] = 1;
                }
            }
            return columns;
        }

        private static void requireNoEmptyCells(AnovaData data, Term term) {
            int a = data.factorIndex(term.factors().get(0));
            int b = data.factorIndex(term.factors().get(1));
            Set<String> levelsA = new TreeSet<>();
            Set<String> levelsB = new TreeSet<>();
            Set<List<String>> present = new HashSet<>();
            for (int i = 0; i < data.size(); i++) {
                levelsA.add(data.level(i, a));
                levelsB.add(data.level(i, b));
                present.add(List.of(data.level(i, a), data.level(i, b)));
            }
            Set<String> empty = new LinkedHashSet<>();
            for (String la : levelsA) {
                for (String lb : levelsB) {
                    if (!present.contains(List.of(la, lb))) {
                        empty.add(term.factors().get(0) + "=" + la + ", " + term.factors().get(1) + "=" + lb);
                    }
                }
            }
            if (!empty.isEmpty()) {
                throw new IllegalArgumentException("interaction " + term.name() + " has empty cells (no observations): "
                        + String.join("; ", empty));
            }
        }
    }
}
