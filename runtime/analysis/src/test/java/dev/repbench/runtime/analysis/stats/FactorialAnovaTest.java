package dev.repbench.runtime.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.FDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against statsmodels' anova_lm (golden/anova.json, typ 1/2 on treatment coding, typ 3 on C(x, Sum)): df exact,
 * SS and F to 1e-8 relative, p to 1e-6 relative.
 */
class FactorialAnovaTest {
    private static final JsonNode GOLDEN = Golden.load("anova.json");

    @ParameterizedTest
    @CsvSource({
        "balanced_two_way, TYPE_I", "balanced_two_way, TYPE_II", "balanced_two_way, TYPE_III",
        "unbalanced_two_way, TYPE_I", "unbalanced_two_way, TYPE_II", "unbalanced_two_way, TYPE_III",
        "unbalanced_three_main, TYPE_I", "unbalanced_three_main, TYPE_II", "unbalanced_three_main, TYPE_III",
        "strong_effect, TYPE_I", "strong_effect, TYPE_II", "strong_effect, TYPE_III"})
    void matchesStatsmodels(String name, SumOfSquaresType type) {
        JsonNode c = Golden.caseNamed(GOLDEN, name);
        AnovaTable table = FactorialAnova.fit(data(c), terms(c), type);
        JsonNode expected = c.get("anova").get(String.valueOf(type.ordinal() + 1));
        assertEquals(expected.size(), table.effects().size() + 1, "rows");
        for (JsonNode row : expected) {
            String term = row.get("term").asText();
            AnovaRow actual = table.row(term);
            String where = name + " " + type + " " + term;
            assertEquals(row.get("df").asDouble(), actual.df(), 0, where + " df");
            assertClose(row.get("sum_sq").asDouble(), actual.sumOfSquares(), 1e-8, where + " SS");
            assertClose(actual.sumOfSquares() / actual.df(), actual.meanSquare(), 1e-15, where + " MS");
            if (row.has("F")) {
                assertClose(row.get("F").asDouble(), actual.f(), 1e-8, where + " F");
                assertClose(row.get("p").asDouble(), actual.p(), 1e-6, where + " p");
            }
        }
        assertEquals(c.get("response").size(), table.n());
    }

    @Test
    void strongEffectPDoesNotUnderflow() {
        JsonNode c = Golden.caseNamed(GOLDEN, "strong_effect");
        AnovaRow a = FactorialAnova.fit(data(c), terms(c), SumOfSquaresType.TYPE_II).row("A");
        assertTrue(a.p() > 0 && a.p() < 1e-22, "p " + a.p());
        // The reason for the incomplete beta: the complement of the cdf loses it entirely.
        assertEquals(0.0, 1 - new FDistribution(a.df(), 56).cumulativeProbability(a.f()));
    }

    @Test
    void typesAgreeOnABalancedDesign() {
        JsonNode c = Golden.caseNamed(GOLDEN, "balanced_two_way");
        AnovaTable one = FactorialAnova.fit(data(c), terms(c), SumOfSquaresType.TYPE_I);
        AnovaTable three = FactorialAnova.fit(data(c), terms(c), SumOfSquaresType.TYPE_III);
        for (AnovaRow row : one.effects()) {
            assertClose(row.sumOfSquares(), three.row(row.term()).sumOfSquares(), 1e-10, row.term());
        }
    }

    @Test
    void typeIDependsOnOrderOnUnbalancedDesigns() {
        JsonNode c = Golden.caseNamed(GOLDEN, "unbalanced_two_way");
        AnovaData data = data(c);
        double aFirst = FactorialAnova.fit(data, List.of(Term.main("A"), Term.main("B")), SumOfSquaresType.TYPE_I)
                .row("A").sumOfSquares();
        double aSecond = FactorialAnova.fit(data, List.of(Term.main("B"), Term.main("A")), SumOfSquaresType.TYPE_I)
                .row("A").sumOfSquares();
        double typeTwo = FactorialAnova.fit(data, List.of(Term.main("A"), Term.main("B")), SumOfSquaresType.TYPE_II)
                .row("A").sumOfSquares();
        assertTrue(Math.abs(aFirst - aSecond) > 1, aFirst + " vs " + aSecond);
        assertClose(aSecond, typeTwo, 1e-10, "type II of A = type I of A after B");
    }

    @Test
    void emptyCellIsNamed() {
        AnovaData data = AnovaData.builder("algo", "balance")
                .add(1, "moco", "balanced").add(2, "moco", "unbalanced").add(3, "swav", "balanced")
                .add(1.5, "moco", "balanced").add(2.5, "swav", "balanced").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FactorialAnova.fit(data,
                List.of(Term.main("algo"), Term.main("balance"), Term.interaction("algo", "balance")),
                SumOfSquaresType.TYPE_III));
        assertTrue(e.getMessage().contains("algo=swav, balance=unbalanced"), e.getMessage());
    }

    @Test
    void singleLevelFactorIsNamed() {
        AnovaData data = AnovaData.builder("task", "algo")
                .add(1, "pets", "moco").add(2, "pets", "swav").add(3, "pets", "moco").add(4, "pets", "swav").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FactorialAnova.fit(data,
                List.of(Term.main("task"), Term.main("algo")), SumOfSquaresType.TYPE_II));
        assertTrue(e.getMessage().contains("factor task has a single level, pets"), e.getMessage());
    }

    @Test
    void nanResponseIsNamedWithItsLevels() {
        AnovaData.Builder builder = AnovaData.builder("task", "algo").add(1, "pets", "moco");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.add(Double.NaN, "depth", "swav"));
        assertTrue(e.getMessage().contains("observation 1 (task=depth, algo=swav)"), e.getMessage());
    }

    /** Upper 5 % points of F from published tables (NIST/SEMATECH e-Handbook, 1.3.6.7.3). */
    @ParameterizedTest
    @CsvSource({"1, 1, 161.448", "1, 4, 7.709", "2, 10, 4.103", "1, 100, 3.936"})
    void criticalFMatchesThePublishedTable(int effectDf, int residualDf, double expected) {
        AnovaTable table = new AnovaTable(SumOfSquaresType.TYPE_II, List.of(),
                new AnovaRow("Residual", residualDf, 1, 1.0 / residualDf, Double.NaN, Double.NaN), residualDf + 2);
        assertEquals(expected, table.criticalF(effectDf, 0.05), 5e-4);
        assertThrows(IllegalArgumentException.class, () -> table.criticalF(0, 0.05));
        assertThrows(IllegalArgumentException.class, () -> table.criticalF(1, 1.0));
    }

    @Test
    void confoundedTermsAndMisuseAreRefused() {
        AnovaData nested = AnovaData.builder("a", "b")
                .add(1, "x", "p").add(2, "x", "p").add(3, "y", "q").add(5, "y", "q").add(4, "y", "q").build();
        IllegalArgumentException confounded = assertThrows(IllegalArgumentException.class,
                () -> FactorialAnova.fit(nested, List.of(Term.main("a"), Term.main("b")), SumOfSquaresType.TYPE_I));
        assertTrue(confounded.getMessage().contains("confounded"), confounded.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FactorialAnova.fit(nested, List.of(Term.main("c")), SumOfSquaresType.TYPE_I));
        assertTrue(unknown.getMessage().contains("no factor c"), unknown.getMessage());
        IllegalArgumentException hierarchy = assertThrows(IllegalArgumentException.class,
                () -> FactorialAnova.fit(nested, List.of(Term.main("a"), Term.interaction("a", "b")),
                        SumOfSquaresType.TYPE_I));
        assertTrue(hierarchy.getMessage().contains("needs the main effect b"), hierarchy.getMessage());
        AnovaData saturated = AnovaData.builder("a").add(1, "x").add(2, "y").build();
        IllegalArgumentException noDf = assertThrows(IllegalArgumentException.class,
                () -> FactorialAnova.fit(saturated, List.of(Term.main("a")), SumOfSquaresType.TYPE_I));
        assertTrue(noDf.getMessage().contains("no residual degrees of freedom"), noDf.getMessage());
    }

    @Test
    void fTestPMatchesCommonsMathWhereThatIsAccurate() {
        assertClose(1 - new FDistribution(3, 20).cumulativeProbability(2.5), FactorialAnova.fTestP(2.5, 3, 20),
                1e-10, "p");
        assertEquals(1.0, FactorialAnova.fTestP(0, 2, 5));
    }

    private static AnovaData data(JsonNode c) {
        List<String> factors = Golden.strings(c.get("factors"));
        AnovaData.Builder builder = AnovaData.builder(factors.toArray(String[]::new));
        JsonNode levels = c.get("levels");
        double[] response = Golden.doubles(c.get("response"));
        for (int i = 0; i < response.length; i++) {
            String[] row = new String[factors.size()];
            for (int f = 0; f < row.length; f++) {
                row[f] = levels.get(f).get(i).asText();
            }
            builder.add(response[i], row);
        }
        return builder.build();
    }

    private static List<Term> terms(JsonNode c) {
        List<Term> terms = new ArrayList<>();
        for (String name : Golden.strings(c.get("terms"))) {
            terms.add(new Term(List.of(name.split(":"))));
        }
        return terms;
    }

    private static void assertClose(double expected, double actual, double relative, String what) {
        assertTrue(Golden.close(expected, actual, relative, 0), what + ": expected " + expected + ", got " + actual);
    }
}
