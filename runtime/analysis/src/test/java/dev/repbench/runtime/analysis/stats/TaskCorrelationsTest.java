package dev.repbench.runtime.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Against scipy's pearsonr/spearmanr (golden/correlations.json): r to 1e-12, p to 1e-9 relative. */
class TaskCorrelationsTest {
    private static final JsonNode GOLDEN = Golden.load("correlations.json");

    @ParameterizedTest
    @ValueSource(strings = {"mixed_with_ties", "strong"})
    void matchesScipy(String name) {
        JsonNode c = Golden.caseNamed(GOLDEN, name);
        ScoreTable table = new ScoreTable(Golden.strings(c.get("encoders")), Golden.strings(c.get("tasks")),
                Golden.matrix(c.get("scores")));
        check(TaskCorrelations.pearson(table), c.get("pearson"));
        check(TaskCorrelations.spearman(table), c.get("spearman"));
    }

    /**
     * Critical values of Pearson's r, two-sided 0.05, from the published table (e.g. Fisher &amp; Yates, Statistical
     * Tables, Table VII), by n − 2 degrees of freedom; and the p-value at that r is 0.05.
     */
    @ParameterizedTest
    @CsvSource({"1, 0.997", "2, 0.950", "3, 0.878", "5, 0.754", "8, 0.632", "10, 0.576", "28, 0.361"})
    void criticalRMatchesThePublishedTable(int df, double expected) {
        double r = TaskCorrelations.criticalR(df + 2, 0.05);
        assertEquals(expected, r, 5e-4);
        assertEquals(0.05, TaskCorrelations.twoSidedP(r, df + 2), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> TaskCorrelations.criticalR(2, 0.05));
    }

    private static void check(CorrelationMatrix actual, JsonNode expected) {
        double[][] r = Golden.matrix(expected.get("r"));
        double[][] p = Golden.matrix(expected.get("p"));
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r.length; j++) {
                String where = actual.method() + " " + actual.tasks().get(i) + " × " + actual.tasks().get(j);
                assertEquals(r[i][j], actual.r()[i][j], 1e-12, where + " r");
                double pa = actual.p()[i][j];
                assertTrue(Golden.close(p[i][j], pa, 1e-9, 0), where + " p: scipy " + p[i][j] + ", ours " + pa);
            }
        }
    }

    @Test
    void tinyPValuesDoNotUnderflow() {
        JsonNode c = Golden.caseNamed(GOLDEN, "strong");
        ScoreTable table = new ScoreTable(Golden.strings(c.get("encoders")), Golden.strings(c.get("tasks")),
                Golden.matrix(c.get("scores")));
        double p = TaskCorrelations.pearson(table).p("t1", "t2");
        assertTrue(p > 0 && p < 1e-22, "p " + p);
    }

    @Test
    void missingScoresAreNamedPerEncoder() {
        ScoreTable table = new ScoreTable(List.of("moco", "swav", "simclr", "byol"), List.of("pets", "depth", "flow"),
                new double[][] {{1, 2, 3}, {2, Double.NaN, 1}, {3, 1, Double.NaN}, {Double.NaN, Double.NaN, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskCorrelations.pearson(table));
        assertTrue(e.getMessage().contains("swav: depth; simclr: flow; byol: pets, depth"), e.getMessage());
    }

    @Test
    void constantTasksAreNamed() {
        ScoreTable table = new ScoreTable(List.of("a", "b", "c"), List.of("pets", "depth", "flow"),
                new double[][] {{1, 5, 3}, {2, 5, 1}, {3, 5, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskCorrelations.spearman(table));
        assertTrue(e.getMessage().contains("depth (all 5.0)"), e.getMessage());
        assertTrue(!e.getMessage().contains("pets"), e.getMessage());
    }

    @Test
    void tooFewEncoders() {
        ScoreTable table = new ScoreTable(List.of("a", "b"), List.of("x", "y"), new double[][] {{1, 2}, {2, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskCorrelations.pearson(table));
        assertTrue(e.getMessage().contains("at least 3 encoders"), e.getMessage());
    }

    @Test
    void negativeZeroTiesWithZeroInSpearman() {
        ScoreTable table = new ScoreTable(List.of("a", "b", "c", "d"), List.of("x", "y"),
                new double[][] {{-0.0, 1}, {0.0, 2}, {1, 3}, {-1, 0}});
        ScoreTable plain = new ScoreTable(List.of("a", "b", "c", "d"), List.of("x", "y"),
                new double[][] {{0.0, 1}, {0.0, 2}, {1, 3}, {-1, 0}});
        assertEquals(TaskCorrelations.spearman(plain).r("x", "y"), TaskCorrelations.spearman(table).r("x", "y"), 0);
    }

    @Test
    void perfectCorrelationHasPZeroAndPermutationSymmetry() {
        ScoreTable table = new ScoreTable(List.of("a", "b", "c", "d"), List.of("x", "y"),
                new double[][] {{1, 10}, {2, 20}, {3, 30}, {4, 40}});
        CorrelationMatrix m = TaskCorrelations.pearson(table);
        assertEquals(1.0, m.r("x", "y"), 1e-15);
        assertEquals(0.0, m.p("x", "y"));
        assertEquals(4, m.n());
    }
}
