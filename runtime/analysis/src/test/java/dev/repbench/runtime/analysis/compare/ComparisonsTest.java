package dev.repbench.runtime.analysis.compare;

import static dev.repbench.runtime.analysis.compare.Tables.MOCO_IN;
import static dev.repbench.runtime.analysis.compare.Tables.MOCO_PL;
import static dev.repbench.runtime.analysis.compare.Tables.SEMANTIC;
import static dev.repbench.runtime.analysis.compare.Tables.STRUCTURAL;
import static dev.repbench.runtime.analysis.compare.Tables.SUP;
import static dev.repbench.runtime.analysis.compare.Tables.SUP_PL;
import static dev.repbench.runtime.analysis.compare.Tables.SWAV_IN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every comparison on the hand-made table of {@link Tables#complete()}, values worked out by hand. */
class ComparisonsTest {
    /** σ of t1 = [50, 60, 40, 55]: mean 51.25, Σ(x − x̄)² = 218.75, σ = √(218.75 / 3). */
    private static final double SIGMA_T1 = Math.sqrt(218.75 / 3);

    @Test
    void taskAgainstReferenceFitsLineAndR() {
        List<ReferenceTaskFits.Fit> fits = ReferenceTaskFits.against(Tables.complete(), "t1");
        assertEquals(1, fits.size());
        ReferenceTaskFits.Fit fit = fits.getFirst();
        assertEquals("t2", fit.task());
        // x̄ = 51.25, ȳ = 41.25, Sxy = −181.25, Sxx = Syy = 218.75
        assertEquals(-181.25 / 218.75, fit.slope(), 1e-12);
        assertEquals(41.25 + 181.25 / 218.75 * 51.25, fit.intercept(), 1e-12);
        assertEquals(-181.25 / 218.75, fit.r(), 1e-12);
        assertEquals(4, fit.points().size());
    }

    @Test
    void referenceFitNamesMissingCellsAndUnknownTask() {
        ResultTable gappy = Tables.fourByTwo().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceTaskFits.against(gappy, "t1"));
        assertTrue(e.getMessage().contains("swav/imagenet/200ep: t2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceTaskFits.against(Tables.complete(), "imagenet"));
        assertTrue(e.getMessage().contains("imagenet") && e.getMessage().contains("t1"), e.getMessage());
    }

    @Test
    void referenceFitNamesConstantTask() {
        ResultTable flat = ResultTable.builder()
                .add(SUP, "t1", SEMANTIC, "top1", 0, 1).add(SUP, "t2", STRUCTURAL, "top1", 0, 7)
                .add(MOCO_IN, "t1", SEMANTIC, "top1", 0, 2).add(MOCO_IN, "t2", STRUCTURAL, "top1", 0, 7)
                .add(MOCO_PL, "t1", SEMANTIC, "top1", 0, 3).add(MOCO_PL, "t2", STRUCTURAL, "top1", 0, 7).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceTaskFits.against(flat, "t1"));
        assertTrue(e.getMessage().contains("[t2]"), e.getMessage());
    }

    @Test
    void bestSelfSupervisedPerDatasetAgainstSupervised() {
        List<SupervisedImprovement.Row> rows = SupervisedImprovement.perTask(Tables.complete());
        assertEquals(4, rows.size());
        assertRow(rows.get(0), "t1", "imagenet", MOCO_IN.label(), 20);
        assertRow(rows.get(1), "t1", "places", MOCO_PL.label(), -20);
        assertRow(rows.get(2), "t2", "imagenet", SWAV_IN.label(), 12.5);
        assertRow(rows.get(3), "t2", "places", MOCO_PL.label(), 25);
    }

    @Test
    void improvementNeedsASupervisedEncoder() {
        ResultTable noSupervised = ResultTable.builder()
                .add(MOCO_IN, "t1", SEMANTIC, "top1", 0, 1).add(SWAV_IN, "t1", SEMANTIC, "top1", 0, 2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupervisedImprovement.perTask(noSupervised));
        assertTrue(e.getMessage().contains("needs a supervised encoder")
                && e.getMessage().contains(MOCO_IN.label()), e.getMessage());
    }

    /** {@link Tables#complete()} and a supervised encoder pretrained on places, which scores 30 and 80. */
    private static ResultTable withSupervisedOnPlaces() {
        return withSupervisedOnPlacesBuilder().build();
    }

    private static ResultTable.Builder withSupervisedOnPlacesBuilder() {
        return Tables.fourByTwo().add(SWAV_IN, "t2", STRUCTURAL, "top1", 0, 45)
                .add(SUP_PL, "t1", SEMANTIC, "top1", 0, 30).add(SUP_PL, "t2", STRUCTURAL, "top1", 0, 80);
    }

    @Test
    void withASupervisedEncoderPerDatasetEachDatasetIsMeasuredAgainstItsOwn() {
        List<SupervisedImprovement.Row> rows = SupervisedImprovement.perTask(withSupervisedOnPlaces());
        assertEquals(4, rows.size());
        assertRow(rows.get(0), "t1", "imagenet", MOCO_IN.label(), 20); // 60 against supervised/imagenet's 50
        assertRow(rows.get(1), "t1", "places", MOCO_PL.label(), 100.0 / 3); // 40 against supervised/places's 30
        assertRow(rows.get(2), "t2", "imagenet", SWAV_IN.label(), 12.5);
        assertRow(rows.get(3), "t2", "places", MOCO_PL.label(), -37.5); // 50 against 80
        assertEquals(List.of(SUP.label(), SUP_PL.label(), SUP.label(), SUP_PL.label()),
                rows.stream().map(SupervisedImprovement.Row::supervisedEncoder).toList());
    }

    @Test
    void severalSupervisedEncodersNeedOneOnEachDataset() {
        EncoderInfo kinetics = new EncoderInfo("00000000ee", "supervised/kinetics", "supervised", "kinetics", 90);
        ResultTable noneOnPlaces = Tables.fourByTwo().add(SWAV_IN, "t2", STRUCTURAL, "top1", 0, 45)
                .add(kinetics, "t1", SEMANTIC, "top1", 0, 3).add(kinetics, "t2", STRUCTURAL, "top1", 0, 3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupervisedImprovement.perTask(noneOnPlaces));
        assertTrue(e.getMessage().contains("for places none of") && e.getMessage().contains("supervised/kinetics")
                && e.getMessage().contains(SUP.label()), e.getMessage());
        EncoderInfo again = new EncoderInfo("00000000ef", "supervised/imagenet/seed1", "supervised", "imagenet", 90);
        ResultTable twoOnImagenet = Tables.fourByTwo().add(SWAV_IN, "t2", STRUCTURAL, "top1", 0, 45)
                .add(again, "t1", SEMANTIC, "top1", 0, 3).add(again, "t2", STRUCTURAL, "top1", 0, 3).build();
        e = assertThrows(IllegalArgumentException.class, () -> SupervisedImprovement.perTask(twoOnImagenet));
        assertTrue(e.getMessage().contains("for imagenet 2 of them were"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NormalisedScores.of(twoOnImagenet));
        assertTrue(e.getMessage().startsWith("normalised category scores")
                && e.getMessage().contains("for imagenet 2 of them were"), "no encoder has a baseline: " + e.getMessage());
    }

    @Test
    void algorithmDifferencePerTask() {
        List<AlgorithmDifference.Row> rows = AlgorithmDifference.of(Tables.complete(), "moco-v2", "swav", 200);
        assertEquals(2, rows.size());
        assertEquals(50, rows.get(0).meanA(), 1e-12); // (60 + 40) / 2
        assertEquals(-5, rows.get(0).difference(), 1e-12);
        assertEquals(-5, rows.get(1).difference(), 1e-12); // (30 + 50) / 2 − 45
        assertEquals(2, rows.get(0).encodersA());
        assertEquals(List.of("moco-v2", "swav"), AlgorithmDifference.selfSupervisedAlgorithms(Tables.complete()));
        assertEquals(200, AlgorithmDifference.commonEpochs(Tables.complete(), "moco-v2", "swav"));
        EncoderInfo swav800 = new EncoderInfo("00000000ff", "swav/imagenet/800ep", "swav", "imagenet", 800);
        EncoderInfo moco800 = new EncoderInfo("00000000ee", "moco-v2/imagenet/800ep", "moco-v2", "imagenet", 800);
        EncoderInfo moco800b = new EncoderInfo("000000001f", "moco-v2/places/800ep", "moco-v2", "places", 800);
        ResultTable longer = Tables.fourByTwo().add(swav800, "t1", SEMANTIC, "top1", 0, 1)
                .add(moco800, "t1", SEMANTIC, "top1", 0, 1).add(moco800b, "t1", SEMANTIC, "top1", 0, 1).build();
        assertEquals(800, AlgorithmDifference.commonEpochs(longer, "moco-v2", "swav"), "a tie (3 encoders at 200 and at 800) goes "
                + "to the longer pretraining");
        assertEquals(null, AlgorithmDifference.commonEpochs(Tables.complete(), "moco-v2", "supervised"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlgorithmDifference.of(Tables.complete(), "moco-v2", "swav", 800));
        assertTrue(e.getMessage().contains("800 epochs") && e.getMessage().contains("swav@200ep"), e.getMessage());
    }

    @Test
    void normalisedScoresSubtractSupervisedAndDivideByTaskSigma() {
        Map<String, List<NormalisedScores.Value>> byCategory = NormalisedScores.of(Tables.complete()).byCategory();
        assertEquals(List.of(SEMANTIC, STRUCTURAL), List.copyOf(byCategory.keySet()));
        List<NormalisedScores.Value> semantic = byCategory.get(SEMANTIC);
        assertEquals(3, semantic.size(), "the supervised encoder is the baseline, not a value");
        NormalisedScores.Value moco = semantic.stream().filter(v -> v.encoder().equals(MOCO_IN.label())).findFirst()
                .orElseThrow();
        assertEquals((60 - 50) / SIGMA_T1, moco.normalised(), 1e-12);
    }

    @Test
    void normalisedScoresUseTheSupervisedEncoderOfTheirOwnDataset() {
        List<NormalisedScores.Value> semantic = NormalisedScores.of(withSupervisedOnPlaces()).byCategory().get(SEMANTIC);
        assertEquals(3, semantic.size(), "neither supervised encoder is a value");
        // t1 over the five encoders: [50, 60, 40, 55, 30], mean 47, Σ(x − x̄)² = 9 + 169 + 49 + 64 + 289 = 580
        double sigma = Math.sqrt(580 / 4.0);
        Map<String, Double> byEncoder = new java.util.HashMap<>();
        semantic.forEach(v -> byEncoder.put(v.encoder(), v.normalised()));
        assertEquals((60 - 50) / sigma, byEncoder.get(MOCO_IN.label()), 1e-12);
        assertEquals((40 - 30) / sigma, byEncoder.get(MOCO_PL.label()), 1e-12, "places against supervised/places");

        EncoderInfo random = new EncoderInfo("00000000f0", "random-init", "random-init", null, null);
        NormalisedScores.Result withRandom = NormalisedScores.of(withSupervisedOnPlacesBuilder()
                .add(random, "t1", SEMANTIC, "top1", 0, 10).add(random, "t2", STRUCTURAL, "top1", 0, 10).build());
        assertEquals(List.of("random-init"), withRandom.leftOut(), "no dataset, so no supervised encoder of its own");
        assertEquals(3, withRandom.byCategory().get(SEMANTIC).size());
    }

    @Test
    void datasetMatrixAveragesRawAndStandardisedScores() {
        DatasetTaskMatrix m = DatasetTaskMatrix.of(Tables.complete());
        assertEquals(List.of("imagenet", "places"), m.datasets());
        assertEquals(55, m.meanScore()[0][0], 1e-12); // (50 + 60 + 55) / 3
        assertEquals(40, m.meanScore()[1][0], 1e-12);
        assertEquals((40 - 51.25) / SIGMA_T1, m.meanZ()[1][0], 1e-12);
        assertEquals(3, m.encoders()[0]);
    }

    @Test
    void seedSpreadPerCell() {
        ResultTable seeds = ResultTable.builder().add(SUP, "t1", SEMANTIC, "top1", 0, 50)
                .add(SUP, "t1", SEMANTIC, "top1", 1, 52).add(SUP, "t1", SEMANTIC, "top1", 2, 54)
                .add(MOCO_IN, "t1", SEMANTIC, "top1", 0, 10).build();
        List<SeedSpread.Row> rows = SeedSpread.of(seeds);
        assertEquals(2, rows.size());
        SeedSpread.Row sup = rows.stream().filter(r -> r.encoder().equals(SUP.label())).findFirst().orElseThrow();
        assertEquals(3, sup.seeds());
        assertEquals(52, sup.mean(), 1e-12);
        assertEquals(2, sup.std(), 1e-12); // √((4 + 0 + 4) / 2)
        assertEquals(50, sup.min());
        assertEquals(54, sup.max());
        assertEquals(100 * 2 / 52.0, sup.relativeStdPercent(), 1e-12);
        assertTrue(Double.isNaN(rows.stream().filter(r -> r.seeds() == 1).findFirst().orElseThrow().std()));
        assertTrue(SeedSpread.hasRepeats(rows));
        assertEquals(52, seeds.mean(SUP, "t1"), 1e-12);
    }

    @Test
    void tableOrdersTasksByCategoryAndRefusesDuplicateSeed() {
        ResultTable t = ResultTable.builder().add(SUP, "a-structural", STRUCTURAL, "top1", 0, 1)
                .add(SUP, "z-semantic", SEMANTIC, "top1", 0, 1).build();
        assertEquals(List.of("z-semantic", "a-structural"), t.tasks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultTable.builder()
                .add(SUP, "t1", SEMANTIC, "top1", 0, 1).add(SUP, "t1", SEMANTIC, "top1", 0, 2));
        assertTrue(e.getMessage().contains("seed 0"), e.getMessage());
    }

    @Test
    void clashingLabelsGetTheHashAppended() {
        EncoderInfo a = EncoderInfo.unknown("abcdef0123456789aa");
        EncoderInfo b = EncoderInfo.unknown("abcdef0123456789bb"); // same 12-character prefix
        EncoderInfo c = new EncoderInfo("1111111111111111", "moco", "moco-v2", null, null);
        EncoderInfo d = new EncoderInfo("2222222222222222", "moco", "moco-v2", null, null);
        ResultTable t = ResultTable.builder().add(a, "t1", SEMANTIC, "top1", 0, 1).add(b, "t1", SEMANTIC, "top1", 0, 2)
                .add(c, "t1", SEMANTIC, "top1", 0, 3).add(d, "t1", SEMANTIC, "top1", 0, 4).build();
        assertEquals(List.of("abcdef012345 #abcdef0123456789aa", "abcdef012345 #abcdef0123456789bb",
                "moco #111111111111", "moco #222222222222"), Checks.labels(t.encoders()));
    }

    private static void assertRow(SupervisedImprovement.Row row, String task, String dataset, String best,
                                  double percent) {
        assertEquals(task, row.task());
        assertEquals(dataset, row.dataset());
        assertEquals(best, row.bestEncoder());
        assertEquals(percent, row.percent(), 1e-12);
    }
}
