package dev.repbench.runtime.eval;

import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;

import dev.repbench.api.Device;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.tasks.metrics.MetricMode;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One cell end to end: a random-init resnet18-small, the tiny striped task, the linear protocol, the record. */
class EvaluatorTest {
    /** Above the study's 3e-4 so a few epochs on a few hundred samples suffice. */
    private static final ProtocolConfig CONFIG = new ProtocolConfig(3e-3, 6, 32, 0.0, 0.1, 30, MetricMode.STANDARD, InputResolution.ENCODER);

    @TempDir
    static Path shared;
    @TempDir
    Path out;

    private static LoadedEncoder encoder;
    private static Path data;
    private static FeatureCache cache;

    @BeforeAll
    static void setUp() throws IOException {
        Torch.setNumThreads(2);
        encoder = TestEncoders.resnet18Small(shared.resolve("encoder"), 5);
        data = TinyFashionTask.writeData(Files.createDirectories(shared.resolve("data")), 300, 200);
        cache = FeatureCache.open(shared.resolve("cache"));
    }

    private static Evaluator evaluator(Path results) {
        return new Evaluator(ResultStore.open(results), cache, FeatureExtractor.Settings.defaults(Device.CPU, 2), data);
    }

    @Test
    void aLinearProbeOnFrozenFeaturesBeatsChanceClearly() {
        Evaluator.Outcome outcome = evaluator(out).evaluate(encoder, new TinyFashionTask(), CONFIG, 1);
        ResultRecord r = outcome.record();
        assertFalse(outcome.skipped());
        System.out.printf("tiny-fashion: test top-1 %.3f at best-val epoch %d, %.3f at the last%n",
                r.testAtBestValidation(), r.bestEpoch(), r.testAtLastEpoch());
        assertTrue(r.testAtBestValidation() > 0.4, "test top-1 " + r.testAtBestValidation() + " (chance 0.1)");
        assertEquals(new ResultRecord.SplitSizes(270, 30, 200), r.splits());
        assertEquals(6, r.validationCurve().size());
        assertEquals(r.testCurve().get(r.bestEpoch() - 1), r.testAtBestValidation());
        assertEquals(r.testCurve().getLast(), r.testAtLastEpoch());
        assertEquals(CONFIG.hash(), r.configHash());
        assertEquals("top1", r.metric());
        assertTrue(r.processor().endsWith(Runtime.getRuntime().availableProcessors() + " logical processor(s)")
                && !r.processor().startsWith("unknown"), "the record names the processor model: " + r.processor());
        assertTrue(r.versions().blas().matches("OpenBLAS \\d+\\.\\d+\\.\\d+ .*\\b" + openBlasCore() + "\\b.*"),
                "the record names OpenBLAS's version and the kernels it ran: " + r.versions().blas());
        assertEquals(r, ResultStore.open(out).read(r.key()).orElseThrow());
    }

    @Test
    void aRerunSkipsTheFinishedCell() throws IOException {
        Evaluator evaluator = evaluator(out);
        Evaluator.Outcome first = evaluator.evaluate(encoder, new TinyFashionTask(), CONFIG, 2);
        FileTime written = Files.getLastModifiedTime(first.file());
        Evaluator.Outcome again = evaluator.evaluate(encoder, new TinyFashionTask(), CONFIG, 2);
        assertTrue(again.skipped());
        assertEquals(1, evaluator.cellsComputed());
        assertEquals(written, Files.getLastModifiedTime(again.file()));
        assertEquals(first.record(), again.record());
        assertEquals(1, ResultStore.open(out).list().size());
    }

    @Test
    void aRecordOfOtherDataIsRecomputedAndReplacedNotSkipped() throws IOException {
        Evaluator.Outcome first = evaluator(out).evaluate(encoder, new TinyFashionTask(), CONFIG, 5);
        Path otherData = TinyFashionTask.writeData(Files.createDirectories(out.resolve("other-data")), 320, 200);
        Evaluator onOtherData = new Evaluator(ResultStore.open(out), cache, FeatureExtractor.Settings.defaults(Device.CPU, 2),
                otherData);

        Evaluator.Outcome replaced = onOtherData.evaluate(encoder, new TinyFashionTask(), CONFIG, 5);
        assertFalse(replaced.skipped(), "a record computed on other data must not stand for this data");
        assertEquals(first.record().datasetManifestHash(), replaced.replaced());
        assertNotEquals(first.record().datasetManifestHash(), replaced.record().datasetManifestHash());
        assertEquals(new ResultRecord.SplitSizes(288, 32, 200), replaced.record().splits());
        assertTrue(replaced.replacementNote().orElseThrow().contains("other data"), replaced.replacementNote().get());
        assertEquals(first.file(), replaced.file());
        assertEquals(1, ResultStore.open(out).list().size(), "one record per key: the stale one is replaced");

        Evaluator.Outcome again = onOtherData.evaluate(encoder, new TinyFashionTask(), CONFIG, 5);
        assertTrue(again.skipped());
        assertEquals(null, again.replaced());
        assertEquals(1, onOtherData.cellsComputed());
    }

    @Test
    void theSameSeedGivesBitIdenticalScoresAndAnotherSeedAnotherCarve() {
        ResultRecord a = evaluator(out.resolve("a")).evaluate(encoder, new TinyFashionTask(), CONFIG, 3).record();
        ResultRecord b = evaluator(out.resolve("b")).evaluate(encoder, new TinyFashionTask(), CONFIG, 3).record();
        assertEquals(a.validationCurve(), b.validationCurve());
        assertEquals(a.testCurve(), b.testCurve());
        assertEquals(Double.doubleToRawLongBits(a.testAtBestValidation()), Double.doubleToRawLongBits(b.testAtBestValidation()));
        assertEquals(a.validationIndicesHash(), b.validationIndicesHash());
        ResultRecord c = evaluator(out.resolve("c")).evaluate(encoder, new TinyFashionTask(), CONFIG, 4).record();
        assertNotEquals(a.validationIndicesHash(), c.validationIndicesHash());
    }

    @Test
    void aFusionHeadUsesBothFramesOfATwoFrameTask() {
        ResultRecord r = evaluator(out).evaluate(encoder, new TinyMotionTask(), CONFIG, 1).record();
        System.out.printf("tiny-motion: test top-1 %.3f at best-val epoch %d%n", r.testAtBestValidation(), r.bestEpoch());
        assertEquals("MULTI_INPUT_FUSION", r.head());
        // each frame carries one bit of a 2-bit label: a head seeing one frame could not pass 0.5
        assertTrue(r.testAtBestValidation() > 0.7, "test top-1 " + r.testAtBestValidation() + " (one frame: at most 0.5)");
    }

    @Test
    void aPixelwiseHeadOnAClassificationTaskIsRefusedByItsMetric() {
        var task = new TinyFashionTask(dev.repbench.api.task.HeadKind.UNET);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> evaluator(out).evaluate(encoder, task, CONFIG, 1));
        assertTrue(e.getMessage().contains("top1"), e.getMessage());
    }

    /** The kernels OpenBLAS names as the ones it runs in this process ({@code openblas_get_corename}). */
    private static String openBlasCore() {
        String kernels = dev.repbench.torch.Torch.blasKernels();   // "OpenBLAS kernels NAME: …"
        return kernels.substring("OpenBLAS kernels ".length(), kernels.indexOf(':'));
    }
}
