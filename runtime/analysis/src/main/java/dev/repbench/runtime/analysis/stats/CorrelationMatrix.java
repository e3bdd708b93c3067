package dev.repbench.runtime.analysis.stats;

import java.util.List;

/**
 * Correlations between every pair of tasks with their two-sided p-values, over {@code n} encoders (the same n
 * for every pair: tables must be complete). The diagonal is r = 1, p = 0. Immutable.
 */
public record CorrelationMatrix(Method method, List<String> tasks, double[][] r, double[][] p, int n) {
    /** Which correlation. */
    public enum Method { PEARSON, SPEARMAN }

    public CorrelationMatrix {
        tasks = List.copyOf(tasks);
        r = copy(r);
        p = copy(p);
    }

    /** r between tasks {@code a} and {@code b} (by name). */
    public double r(String a, String b) {
        return r[index(a)][index(b)];
    }

    /** The two-sided p-value of r between tasks {@code a} and {@code b}. */
    public double p(String a, String b) {
        return p[index(a)][index(b)];
    }

    @Override
    public double[][] r() {
        return copy(r);
    }

    @Override
    public double[][] p() {
        return copy(p);
    }

    private int index(String task) {
        int i = tasks.indexOf(task);
        if (i < 0) {
            throw new IllegalArgumentException("no task " + task + " in " + tasks);
        }
        return i;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
