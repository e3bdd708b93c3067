package dev.repbench.runtime.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.analysis.stats.AnovaTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which factors the ANOVA of scores fits, and how it says why one is left out. */
class ScoreAnovaTest {
    private static final EncoderInfo MOCO_SMALL = new EncoderInfo("00000000a1", "moco-v2/small", "moco-v2", "small", 1);
    private static final EncoderInfo SWAV_LARGE = new EncoderInfo("00000000a2", "swav/large", "swav", "large", 1);
    private static final EncoderInfo MOCO_LARGE = new EncoderInfo("00000000a3", "moco-v2/large", "moco-v2", "large", 1);
    private static final EncoderInfo SWAV_SMALL = new EncoderInfo("00000000a4", "swav/small", "swav", "small", 1);
    private static final List<String> TASKS = List.of("t1", "t2", "t3");

    private static ResultTable table(EncoderInfo... encoders) {
        ResultTable.Builder b = ResultTable.builder();
        for (int e = 0; e < encoders.length; e++) {
            for (int t = 0; t < TASKS.size(); t++) {
                b.add(encoders[e], TASKS.get(t), Tables.SEMANTIC, "top1", 0, 0.3 + 0.1 * t + 0.03 * e + 0.01 * (e * t % 2));
            }
        }
        return b.build();
    }

    @Test
    void aDatasetThatComesWithItsAlgorithmIsLeftOutAndNamed() {
        // the quickstart before 2026-12-07: each algorithm pretrained on its own subsample
        ResultTable table = table(MOCO_SMALL, SWAV_LARGE);
        ScoreAnova.Plan plan = ScoreAnova.plan(table);
        assertEquals(List.of("task", "algorithm"), plan.factors());
        assertEquals(1, plan.aliased().size());
        ScoreAnova.Aliased a = plan.aliased().getFirst();
        assertEquals("dataset", a.factor());
        assertEquals("algorithm", a.within());
        assertEquals(Map.of("moco-v2", "small", "swav", "large"), a.levels());
        assertTrue(a.sentence().startsWith("dataset is left out: among these encoders each algorithm comes with one "
                + "dataset (moco-v2: small; swav: large), so algorithm's row holds dataset's effect too"), a.sentence());

        AnovaTable fitted = ScoreAnova.fit(table, plan.factors());
        assertEquals(6, fitted.n());
        assertEquals(2, fitted.row("task").df());
        assertEquals(1, fitted.row("algorithm").df());
        assertEquals(2, fitted.residual().df()); // 6 − intercept − 2 − 1

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoreAnova.fit(table, List.of("task", "algorithm", "dataset")));
        assertTrue(e.getMessage().contains("cannot tell dataset from algorithm: among these encoders each algorithm "
                + "comes with one dataset {moco-v2=small, swav=large}; leave dataset out"), e.getMessage());
    }

    @Test
    void anAlgorithmNestedInDatasetsIsLeftOutInsteadOfTheDataset() {
        // MoCo v2 on two datasets, SwAV on one of them: each dataset comes with one algorithm, not the reverse
        ResultTable table = table(MOCO_SMALL, MOCO_LARGE, new EncoderInfo("00000000a5", "swav/other", "swav", "other", 1));
        ScoreAnova.Plan plan = ScoreAnova.plan(table);
        assertEquals(List.of("task", "dataset"), plan.factors());
        ScoreAnova.Aliased a = plan.aliased().getFirst();
        assertEquals("algorithm", a.factor());
        assertEquals("dataset", a.within());
        assertEquals(Map.of("large", "moco-v2", "other", "swav", "small", "moco-v2"), a.levels());
        assertEquals(9 - 1 - 2 - 2, ScoreAnova.fit(table, plan.factors()).residual().df()); // intercept, task, dataset
    }

    @Test
    void aCrossedDesignKeepsEveryVaryingFactor() {
        ResultTable table = table(MOCO_SMALL, SWAV_LARGE, MOCO_LARGE, SWAV_SMALL);
        ScoreAnova.Plan plan = ScoreAnova.plan(table);
        assertEquals(List.of("task", "algorithm", "dataset"), plan.factors());
        assertEquals(List.of(), plan.aliased());
        AnovaTable fitted = ScoreAnova.fit(table, plan.factors());
        assertEquals(12 - 1 - 2 - 1 - 1, fitted.residual().df()); // intercept, task, algorithm, dataset
    }

    /**
     * Head seeds of one encoder are one observation at their mean: the unit is the encoder (pseudo-replication
     * otherwise). Golden values from the balanced two-way closed forms: with a levels of algorithm and t tasks, one
     * observation each, SS(algorithm) = t Σ (ȳ_a − ȳ)² and SS(residual) = Σ (y − ȳ_a − ȳ_t + ȳ)² on (a−1)(t−1)
     * degrees of freedom; counting the two seeds would double both sums and give 12 − 4 = 8 residual df.
     */
    @Test
    void headSeedsAreAveragedIntoOneObservationPerEncoderAndTask() {
        double[][] means = {{0.30, 0.50, 0.45}, {0.36, 0.52, 0.60}}; // moco, swav × t1..t3
        double[] spread = {0.02, -0.04, 0.01};
        ResultTable.Builder b = ResultTable.builder();
        EncoderInfo[] encoders = {MOCO_SMALL, SWAV_SMALL};
        for (int e = 0; e < 2; e++) {
            for (int t = 0; t < 3; t++) {
                b.add(encoders[e], TASKS.get(t), Tables.SEMANTIC, "top1", 0, means[e][t] + spread[t]);
                b.add(encoders[e], TASKS.get(t), Tables.SEMANTIC, "top1", 1, means[e][t] - spread[t]);
            }
        }
        AnovaTable fitted = ScoreAnova.fit(b.build(), List.of("task", "algorithm"));

        double grand = 0;
        double[] byAlgorithm = new double[2];
        double[] byTask = new double[3];
        for (int e = 0; e < 2; e++) {
            for (int t = 0; t < 3; t++) {
                grand += means[e][t] / 6;
                byAlgorithm[e] += means[e][t] / 3;
                byTask[t] += means[e][t] / 2;
            }
        }
        double ssAlgorithm = 0;
        double ssResidual = 0;
        for (int e = 0; e < 2; e++) {
            ssAlgorithm += 3 * Math.pow(byAlgorithm[e] - grand, 2);
            for (int t = 0; t < 3; t++) {
                ssResidual += Math.pow(means[e][t] - byAlgorithm[e] - byTask[t] + grand, 2);
            }
        }
        assertEquals(6, fitted.n());
        assertEquals(2, fitted.residual().df()); // (2 − 1)(3 − 1)
        assertEquals(ssAlgorithm, fitted.row("algorithm").sumOfSquares(), 1e-12);
        assertEquals(ssResidual, fitted.residual().sumOfSquares(), 1e-12);
        assertEquals(ssAlgorithm / (ssResidual / 2), fitted.row("algorithm").f(), 1e-9);
    }
}
