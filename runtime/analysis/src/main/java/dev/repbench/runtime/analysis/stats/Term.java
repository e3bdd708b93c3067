package dev.repbench.runtime.analysis.stats;

import java.util.List;

/**
 * A model term of a {@link FactorialAnova}: a main effect (one factor) or a two-way interaction (two factors),
 * named as in R and statsmodels: {@code A}, {@code A:B}.
 */
public record Term(List<String> factors) {
    public Term {
        factors = List.copyOf(factors);
        if (factors.isEmpty() || factors.size() > 2) {
            throw new IllegalArgumentException("a term is a main effect or a two-way interaction, got " + factors);
        }
        if (factors.size() == 2 && factors.get(0).equals(factors.get(1))) {
            throw new IllegalArgumentException("an interaction needs two different factors, got " + factors);
        }
    }

    /** The main effect of {@code factor}. */
    public static Term main(String factor) {
        return new Term(List.of(factor));
    }

    /** The two-way interaction of {@code a} and {@code b}. */
    public static Term interaction(String a, String b) {
        return new Term(List.of(a, b));
    }

    /** {@code A} or {@code A:B}. */
    public String name() {
        return String.join(":", factors);
    }

    /** Whether this term's factors include all of {@code other}'s (a term contains itself). */
    public boolean contains(Term other) {
        return factors.containsAll(other.factors);
    }
}
