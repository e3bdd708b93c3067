package dev.repbench.runtime.analysis.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A long table for {@link FactorialAnova}: named factors, and per observation one level (a string) of every factor
 * and a finite response. Built with {@link #builder}; immutable.
 */
public final class AnovaData {
    private final List<String> factors;
    private final List<String[]> levels;
    private final double[] response;

    private AnovaData(List<String> factors, List<String[]> levels, double[] response) {
        this.factors = factors;
        this.levels = levels;
        this.response = response;
    }

    /** A builder for observations of the named factors, in this order. */
    public static Builder builder(String... factors) {
        return new Builder(List.of(factors));
    }

    public List<String> factors() {
        return factors;
    }

    /** The number of observations. */
    public int size() {
        return response.length;
    }

    /** The response of observation {@code row}. */
    public double response(int row) {
        return response[row];
    }

    /** The level of factor {@code factor} (its index in {@link #factors}) in observation {@code row}. */
    public String level(int row, int factor) {
        return levels.get(row)[factor];
    }

    /** The index of a factor by name; an error naming the known factors if there is none. */
    public int factorIndex(String factor) {
        int i = factors.indexOf(factor);
        if (i < 0) {
            throw new IllegalArgumentException("no factor " + factor + " in the data, whose factors are " + factors);
        }
        return i;
    }

    /** Collects observations; {@link #build} refuses an empty table. */
    public static final class Builder {
        private final List<String> factors;
        private final List<String[]> levels = new ArrayList<>();
        private final List<Double> response = new ArrayList<>();

        private Builder(List<String> factors) {
            if (factors.isEmpty()) {
                throw new IllegalArgumentException("an ANOVA table needs at least one factor");
            }
            if (factors.stream().distinct().count() != factors.size()) {
                throw new IllegalArgumentException("duplicate factor names: " + factors);
            }
            for (String f : factors) {
                if (f == null || f.isBlank() || f.contains(":")) {
                    throw new IllegalArgumentException("factor names must be non-blank and free of ':' (it joins "
                            + "interaction names): '" + f + "'");
                }
            }
            this.factors = factors;
        }

        /** Adds one observation: its response and its level of each factor, in factor order. */
        public Builder add(double value, String... levelsOfFactors) {
            int row = response.size();
            if (levelsOfFactors.length != factors.size()) {
                throw new IllegalArgumentException("observation " + row + " has " + levelsOfFactors.length
                        + " levels for the " + factors.size() + " factors " + factors);
            }
            for (int f = 0; f < levelsOfFactors.length; f++) {
                if (levelsOfFactors[f] == null || levelsOfFactors[f].isBlank()) {
                    throw new IllegalArgumentException("observation " + row + " has no level of factor "
                            + factors.get(f));
                }
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("observation " + row + " " + describe(levelsOfFactors)
                        + " has a non-finite response: " + value);
            }
            levels.add(levelsOfFactors.clone());
            response.add(value);
            return this;
        }

        public AnovaData build() {
            if (response.isEmpty()) {
                throw new IllegalArgumentException("the ANOVA table has no observations");
            }
            return new AnovaData(factors, List.copyOf(levels),
                    response.stream().mapToDouble(Double::doubleValue).toArray());
        }

        private String describe(String[] levelsOfFactors) {
            StringBuilder s = new StringBuilder("(");
            for (int f = 0; f < levelsOfFactors.length; f++) {
                s.append(f == 0 ? "" : ", ").append(factors.get(f)).append('=').append(levelsOfFactors[f]);
            }
            return s.append(')').toString();
        }
    }

    @Override
    public String toString() {
        return "AnovaData" + factors + " with " + response.length + " observations, first "
                + Arrays.toString(levels.get(0));
    }
}
