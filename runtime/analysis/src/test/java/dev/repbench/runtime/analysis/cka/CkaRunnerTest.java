package dev.repbench.runtime.analysis.cka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor.Progress;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.features.cache.FeatureCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CkaRunnerTest {
    private static final int SIZE = 32;
    private static final int BATCH = 16;

    @TempDir
    static Path temp;
    static LoadedEncoder a;
    static LoadedEncoder b;

    @BeforeAll
    static void export() {
        a = TestEncoders.resnet18Small(temp.resolve("a"), 1);
        b = TestEncoders.resnet18Small(temp.resolve("b"), 2);
    }

    private static CkaRunner.Settings settings(int images) {
        return new CkaRunner.Settings(images, BATCH, SIZE, CkaFixtures.ALL_OUTPUTS, Device.CPU, 2, 2);
    }

    private static void assertClose(CkaMatrix expected, CkaMatrix actual, double relative) {
        assertEquals(expected.rowLayers(), actual.rowLayers());
        assertEquals(expected.columnLayers(), actual.columnLayers());
        for (int i = 0; i < expected.rowLayers().size(); i++) {
            for (int j = 0; j < expected.columnLayers().size(); j++) {
                double e = expected.get(i, j);
                assertEquals(e, actual.get(i, j), relative * Math.max(Math.abs(e), 1e-3),
                        expected.rowLayers().get(i) + " × " + expected.columnLayers().get(j));
            }
        }
    }

    @Test
    void gramGraphPathEqualsFeaturesFetchedIntoJava() {
        // 70 images: the last 6 do not fill a batch and are left out by both paths.
        SampleSource source = CkaFixtures.randomImages(70);
        List<Integer> done = new java.util.ArrayList<>();
        CkaRunner.Result result = CkaRunner.within(source, a, settings(70), done::add);
        assertEquals(List.of(16, 32, 48, 64), done, "progress after each full batch");
        assertEquals(64, result.images());
        assertEquals(4, result.batches());
        CkaMatrix reference = CkaFixtures.reference(source, List.of(a), CkaFixtures.ALL_OUTPUTS, 64, BATCH, SIZE);
        assertClose(reference, result.matrix(), 1e-6);
    }

    @Test
    void betweenTwoEncodersMatchesTheReferenceAndIsNotSymmetric() {
        SampleSource source = CkaFixtures.randomImages(64);
        CkaMatrix between = CkaRunner.between(source, a, b, settings(64)).matrix();
        assertClose(CkaFixtures.reference(source, List.of(a, b), CkaFixtures.ALL_OUTPUTS, 64, BATCH, SIZE), between, 1e-6);
        double largestAsymmetry = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                largestAsymmetry = Math.max(largestAsymmetry, Math.abs(between.get(i, j) - between.get(j, i)));
            }
        }
        assertTrue(largestAsymmetry > 1e-3, "two seeds give a non-mirrored matrix, largest |M_ij − M_ji| = " + largestAsymmetry);
    }

    @Test
    void anEncoderAgainstItselfHasAUnitDiagonalAndEqualsTheWithinMatrix() {
        SampleSource source = CkaFixtures.randomImages(64);
        CkaMatrix between = CkaRunner.between(source, a, a, settings(64)).matrix();
        CkaMatrix within = CkaRunner.within(source, a, settings(64)).matrix();
        for (int i = 0; i < 6; i++) {
            assertEquals(1.0, between.get(i, i), 1e-12);
            for (int j = 0; j < 6; j++) {
                assertEquals(within.get(i, j), between.get(i, j), 1e-12);
                assertEquals(within.get(i, j), within.get(j, i), 0.0);
            }
        }
    }

    private static void assertSameToTheBit(CkaMatrix expected, CkaMatrix actual) {
        assertEquals(expected.rowLayers(), actual.rowLayers());
        assertEquals(expected.columnLayers(), actual.columnLayers());
        for (int i = 0; i < expected.rowLayers().size(); i++) {
            for (int j = 0; j < expected.columnLayers().size(); j++) {
                assertEquals(Double.doubleToLongBits(expected.get(i, j)), Double.doubleToLongBits(actual.get(i, j)),
                        expected.rowLayers().get(i) + " × " + expected.columnLayers().get(j));
            }
        }
    }

    private static GramCache grams(Path folder, SampleSource source, String manifest) {
        return GramCache.in(FeatureCache.open(folder), new CkaComparison.Images("random", "test", source, manifest),
                Split.TEST);
    }

    @Test
    void eachEncoderRunsOnceAcrossComparisonsAndCachedGramsGiveTheSameMatrixToTheBit() {
        SampleSource source = CkaFixtures.randomImages(64);
        GramCache grams = grams(temp.resolve("grams"), source, "manifest-1");

        CkaRunner.Result withinA = CkaRunner.run(source, List.of(a), settings(64), Progress.NONE, grams);
        assertEquals(0, withinA.cachedEncoders(), "nothing kept yet");
        assertSameToTheBit(CkaRunner.within(source, a, settings(64)).matrix(), withinA.matrix());

        CkaRunner.Result ab = CkaRunner.run(source, List.of(a, b), settings(64), Progress.NONE, grams);
        assertEquals(1, ab.cachedEncoders(), "a's Grams come from its own comparison; b runs");
        assertSameToTheBit(CkaRunner.between(source, a, b, settings(64)).matrix(), ab.matrix());

        CkaRunner.Result ba = CkaRunner.run(source, List.of(b, a), settings(64), Progress.NONE, grams);
        assertEquals(2, ba.cachedEncoders(), "both kept: no encoder runs");
        assertEquals(0.0, ba.encoderSeconds());
        assertSameToTheBit(CkaRunner.between(source, b, a, settings(64)).matrix(), ba.matrix());

        CkaRunner.Result withinB = CkaRunner.run(source, List.of(b), settings(64), Progress.NONE, grams);
        assertEquals(1, withinB.cachedEncoders());
        assertSameToTheBit(CkaRunner.within(source, b, settings(64)).matrix(), withinB.matrix());
    }

    @Test
    void anEncoderAgainstItselfThroughTheCacheEqualsTheUncachedMatrix() {
        SampleSource source = CkaFixtures.randomImages(32);
        GramCache grams = grams(temp.resolve("grams-self"), source, "m");
        CkaMatrix uncached = CkaRunner.between(source, a, a, settings(32)).matrix();
        CkaRunner.Result first = CkaRunner.run(source, List.of(a, a), settings(32), Progress.NONE, grams);
        assertEquals(0, first.cachedEncoders());
        assertSameToTheBit(uncached, first.matrix());
        CkaRunner.Result again = CkaRunner.run(source, List.of(a, a), settings(32), Progress.NONE, grams);
        assertEquals(2, again.cachedEncoders());
        assertSameToTheBit(uncached, again.matrix());
    }

    @Test
    void gramsOfOtherImagesBatchesOrSidesAreNotReused() {
        SampleSource source = CkaFixtures.randomImages(64);
        Path folder = temp.resolve("grams-keyed");
        assertEquals(0, CkaRunner.run(source, List.of(a), settings(64), Progress.NONE, grams(folder, source, "m1"))
                .cachedEncoders());
        assertEquals(0, CkaRunner.run(source, List.of(a), settings(64), Progress.NONE, grams(folder, source, "m2"))
                .cachedEncoders(), "other images (another manifest)");
        assertEquals(0, CkaRunner.run(source, List.of(a), new CkaRunner.Settings(64, 8, SIZE, CkaFixtures.ALL_OUTPUTS,
                Device.CPU, 2, 2), Progress.NONE, grams(folder, source, "m1")).cachedEncoders(), "batches of 8, not 16");
        assertEquals(0, CkaRunner.run(source, List.of(a), new CkaRunner.Settings(64, BATCH, 24, CkaFixtures.ALL_OUTPUTS,
                Device.CPU, 2, 2), Progress.NONE, grams(folder, source, "m1")).cachedEncoders(), "24 px, not 32");
        assertEquals(0, CkaRunner.run(source, List.of(a), settings(48), Progress.NONE, grams(folder, source, "m1"))
                .cachedEncoders(), "48 images, not 64");
        assertEquals(1, CkaRunner.run(source, List.of(a), settings(64), Progress.NONE, grams(folder, source, "m1"))
                .cachedEncoders(), "the first comparison's again");
    }

    @Test
    void aDamagedGramFileIsComputedAgain() throws Exception {
        SampleSource source = CkaFixtures.randomImages(32);
        Path folder = temp.resolve("grams-damaged");
        CkaMatrix fresh = CkaRunner.run(source, List.of(a), settings(32), Progress.NONE, grams(folder, source, "m"))
                .matrix();
        try (var entries = Files.list(folder)) {
            Path block3 = entries.filter(p -> p.getFileName().toString().startsWith(GramCache.OUTPUT_PREFIX + "block3-"))
                    .findFirst().orElseThrow().resolve(FeatureCache.FEATURES_FILE);
            Files.write(block3, java.util.Arrays.copyOf(Files.readAllBytes(block3), (int) Files.size(block3) - 40));
        }
        CkaRunner.Result again = CkaRunner.run(source, List.of(a), settings(32), Progress.NONE, grams(folder, source, "m"));
        assertEquals(0, again.cachedEncoders(), "a truncated Gram file is not read");
        assertSameToTheBit(fresh, again.matrix());
        assertEquals(1, CkaRunner.run(source, List.of(a), settings(32), Progress.NONE, grams(folder, source, "m"))
                .cachedEncoders(), "and was written whole again");
    }

    @Test
    void fewerImagesThanOneBatchIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> CkaRunner.within(CkaFixtures.randomImages(10), a, settings(10)));
        assertThrows(IllegalArgumentException.class,
                () -> new CkaRunner.Settings(64, 3, SIZE, CkaFixtures.ALL_OUTPUTS, Device.CPU, 2, 2));
    }
}
