package dev.repbench.runtime.eval.pixelwise;

import dev.repbench.runtime.eval.SampleOrder;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.InputResolution;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.eval.TinyPixelTask;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.TaskContext;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.tasks.heads.Pyramid;
import dev.repbench.tasks.metrics.MeanIoU;
import dev.repbench.tasks.metrics.MetricMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Module;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pixelwise cells end to end on a frozen random-init resnet18-small and tiny rectangle tasks. */
class PixelwiseProtocolTest {
    /** Above the study's 3e-4 so a few epochs on a few dozen images suffice. */
    private static final ProtocolConfig CONFIG = new ProtocolConfig(3e-3, 5, 8, 0.0, 0.2, 8, MetricMode.STANDARD, InputResolution.ENCODER);

    @TempDir
    static Path shared;
    @TempDir
    Path out;

    private static Path encoderDir;
    private static LoadedEncoder encoder;
    private static FeatureCache cache;

    @BeforeAll
    static void setUp() throws IOException {
        Torch.setNumThreads(2);
        encoderDir = shared.resolve("encoder");
        encoder = TestEncoders.resnet18Small(encoderDir, 5);
        cache = FeatureCache.open(shared.resolve("cache"));
    }

    private static Evaluator evaluator(Path results) {
        return new Evaluator(ResultStore.open(results), cache, FeatureExtractor.Settings.defaults(Device.CPU, 2), shared);
    }

    @Test
    void segmentationOnFrozenBlocksBeatsPredictingBackgroundAndLeavesTheEncoderUntouched() throws IOException {
        String onnxBefore = Sha256.ofFile(encoderDir.resolve(EncoderFiles.ONNX_FILE));
        byte[] descriptorBefore = Files.readAllBytes(encoderDir.resolve(EncoderFiles.DESCRIPTOR_FILE));
        TinyPixelTask task = new TinyPixelTask(TinyPixelTask.Kind.SEGMENTATION, 40, 16);

        Evaluator.Outcome outcome = evaluator(out).evaluate(encoder, task, CONFIG.withEpochs(3), 1);
        ResultRecord r = outcome.record();

        assertFalse(outcome.skipped());
        double baseline = allBackgroundMiou(task);
        System.out.printf("tiny-pixel-segmentation: test mIoU %.3f at best-val epoch %d, %.3f at the last (all background %.3f)%n",
                r.testAtBestValidation(), r.bestEpoch(), r.testAtLastEpoch(), baseline);
        assertEquals("DEEPLAB_V3_PLUS", r.head());
        assertEquals("miou", r.metric());
        assertEquals(new ResultRecord.SplitSizes(32, 8, 16), r.splits());
        assertEquals(3, r.testCurve().size());
        assertEquals(r.testCurve().get(r.bestEpoch() - 1), r.testAtBestValidation());
        assertTrue(r.testAtBestValidation() > baseline + 0.1, "test mIoU " + r.testAtBestValidation() + " vs " + baseline);
        assertEquals(onnxBefore, Sha256.ofFile(encoderDir.resolve(EncoderFiles.ONNX_FILE)));
        assertArrayEquals(descriptorBefore, Files.readAllBytes(encoderDir.resolve(EncoderFiles.DESCRIPTOR_FILE)));
        assertEquals(r, ResultStore.open(out).read(r.key()).orElseThrow());
    }

    @Test
    void bf16SegmentationLearnsAsFp32DoesAndIsRecordedAsBf16() throws IOException {
        TinyPixelTask task = new TinyPixelTask(TinyPixelTask.Kind.SEGMENTATION, 40, 16);
        // Six epochs, where the head has learnt the rectangles (0.80-1.00 over seeds 1-4 in either precision); after
        // three (twelve steps) a seed's mIoU still ranges 0.38-0.93 and either precision's moves by up to 0.18.
        ProtocolConfig converged = CONFIG.withEpochs(6);
        ResultRecord fp32 = evaluator(out.resolve("fp32")).evaluate(encoder, task, converged, 1).record();
        ResultRecord bf16 = evaluator(out.resolve("bf16")).evaluate(encoder, task,
                converged.withPrecision(Precision.BF16), 1).record();
        String ran = Torch.cpuHasNativeBf16() ? "bf16" : "fp32";
        System.out.printf("tiny-pixel-segmentation, seed 1: test mIoU fp32 %.3f, %s %.3f%n", fp32.testAtBestValidation(), ran,
                bf16.testAtBestValidation());
        assertEquals("fp32", fp32.precision());
        assertEquals(ran, bf16.precision(), "the record says what the head trained in");
        assertNotEquals(fp32.configHash(), bf16.configHash(), "bf16 cells are keyed apart from fp32's");
        assertTrue(bf16.testAtBestValidation() > allBackgroundMiou(task) + 0.1, "bf16 head learnt nothing: " + bf16.testAtBestValidation());
        // Same seed, same data: bf16 rounding moves the curve by noise, not by a different result.
        assertEquals(fp32.testAtBestValidation(), bf16.testAtBestValidation(), 0.1);
    }

    @Test
    void aRerunSkipsTheFinishedCell() throws IOException {
        Evaluator evaluator = evaluator(out);
        TinyPixelTask task = new TinyPixelTask(TinyPixelTask.Kind.DEPTH, 24, 8);
        ProtocolConfig oneEpoch = CONFIG.withEpochs(1);
        Evaluator.Outcome first = evaluator.evaluate(encoder, task, oneEpoch, 2);
        FileTime written = Files.getLastModifiedTime(first.file());
        Evaluator.Outcome again = evaluator.evaluate(encoder, task, oneEpoch, 2);
        assertTrue(again.skipped());
        assertEquals(1, evaluator.cellsComputed());
        assertEquals(written, Files.getLastModifiedTime(again.file()));
        assertEquals(first.record(), again.record());
    }

    @Test
    void theSameSeedGivesBitIdenticalCurvesFromTheFloat16BlockCache() throws IOException {
        TinyPixelTask task = new TinyPixelTask(TinyPixelTask.Kind.DEPTH, 24, 8);
        ResultRecord a = evaluator(out.resolve("a")).evaluate(encoder, task, CONFIG.withEpochs(2), 7).record();
        ResultRecord b = evaluator(out.resolve("b")).evaluate(encoder, task, CONFIG.withEpochs(2), 7).record();
        assertEquals(a.validationCurve(), b.validationCurve());
        assertEquals(a.testCurve(), b.testCurve());
        try (var entries = Files.list(cache.root())) {
            List<String> blocks = entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("block")).toList();
            assertFalse(blocks.isEmpty());
            assertTrue(blocks.stream().allMatch(n -> n.contains("-f16-")), blocks.toString());
        }
    }

    @Test
    void depthTrainsAUNetToAFiniteNegativeL1() {
        ResultRecord r = evaluator(out).evaluate(encoder, new TinyPixelTask(TinyPixelTask.Kind.DEPTH, 32, 8),
                CONFIG.withEpochs(2), 3).record();
        System.out.printf("tiny-pixel-depth: test -L1 %.3f%n", r.testAtBestValidation());
        assertEquals("UNET", r.head());
        assertEquals("neg-l1", r.metric());
        assertTrue(Double.isFinite(r.testAtBestValidation()) && r.testAtBestValidation() <= 0, "−L1 " + r.testAtBestValidation());
    }

    @Test
    void flowTrainsASiameseUNetOnBothFramesToAFiniteScore() {
        ResultRecord r = evaluator(out).evaluate(encoder, new TinyPixelTask(TinyPixelTask.Kind.FLOW, 32, 8),
                CONFIG.withEpochs(2), 4).record();
        System.out.printf("tiny-pixel-flow: test 1 - Fl-all %.3f%n", r.testAtBestValidation());
        assertEquals("SIAMESE_UNET", r.head());
        assertEquals("one-minus-fl-all", r.metric());
        assertTrue(r.testAtBestValidation() >= 0 && r.testAtBestValidation() <= 1, "1 − Fl-all " + r.testAtBestValidation());
    }

    @Test
    void theHeadsParametersAreTheHeadsOwnAndNoEncoderWeight() {
        Pyramid pyramid = Pyramid.RESNET18;
        Set<String> encoderStages = Set.of("conv1", "bn1", "layer1", "layer2", "layer3", "layer4", "fc");
        for (HeadKind kind : List.of(HeadKind.UNET, HeadKind.SIAMESE_UNET, HeadKind.DEEPLAB_V3_PLUS)) {
            int outputs = kind == HeadKind.UNET ? 1 : 2;
            Metric metric = switch (kind) {
                case UNET -> Metric.NEG_L1;
                case SIAMESE_UNET -> Metric.ONE_MINUS_FL_ALL;
                default -> Metric.MIOU;
            };
            try (Module head = PixelwiseProtocol.newHead(new PixelwiseProtocol.Setup(kind, pyramid, outputs, metric, 64, 64))) {
                for (String name : head.namedParameters().keySet()) {
                    assertFalse(encoderStages.contains(name.substring(0, name.indexOf('.'))), kind + " has " + name);
                }
            }
        }
    }

    @Test
    void aPixelwiseHeadOnAnImageLevelMetricIsRefusedBeforeAnyExtraction() {
        var task = new TinyPixelTask(TinyPixelTask.Kind.SEGMENTATION, 16, 8, Metric.TOP1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> evaluator(out).evaluate(encoder, task, CONFIG, 1));
        assertTrue(e.getMessage().contains("top1"), e.getMessage());
    }

    @Test
    void targetsOfAnotherSizeAreResizedByNearestNeighbourAndFlowIsScaled() {
        int[] labels = {0, 1, 2, 255};
        float[] uv = {1, 2, 3, Float.NaN, -1, -2, -3, Float.NaN};
        SampleSource source = SampleSource.of(List.of(
                Sample.of(image(), new LabelMap(2, 2, labels, 255)),
                Sample.of(image(), new FlowMap(2, 2, uv)),
                Sample.of(image(), new ScalarMap(2, 2, new float[] {1, Float.NaN, 3, 4}))));
        try (Scope s = Scope.open()) {
            DenseTargets l = DenseTargets.read(source, new int[] {0}, DenseTargets.Kind.LABELS, 4, 4, 300);
            assertArrayEquals(new long[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 300, 300, 2, 2, 300, 300},
                    l.batch(new int[] {0}).toLongArray());
            DenseTargets f = DenseTargets.read(source, new int[] {1}, DenseTargets.Kind.FLOW, 4, 2, 255);
            // the width stays 2, so u keeps its value; the height doubles, and so does v
            float[] flow = f.batch(new int[] {0}).toFloatArray();
            assertEquals(1f, flow[0]);
            assertEquals(-2f, flow[8]);
            assertTrue(Float.isNaN(flow[7]) && Float.isNaN(flow[15]));
            DenseTargets d = DenseTargets.read(source, new int[] {2}, DenseTargets.Kind.SCALARS, 2, 2, 255);
            Tensor depth = d.batch(new int[] {0});
            assertArrayEquals(new long[] {1, 1, 2, 2}, depth.shape());
            assertTrue(Float.isNaN(depth.toFloatArray()[1]));
            assertThrows(IllegalArgumentException.class,
                    () -> DenseTargets.read(source, new int[] {0}, DenseTargets.Kind.FLOW, 2, 2, 255));
        }
    }

    @Test
    void aLoneLastSampleJoinsThePreviousBatch() {
        List<int[]> batches = PixelwiseProtocol.batches(SampleOrder.all(17), 8);
        assertEquals(List.of(8, 9), batches.stream().map(b -> b.length).toList());
        assertEquals(List.of(8, 8, 2), PixelwiseProtocol.batches(SampleOrder.all(18), 8).stream()
                .map(b -> b.length).toList());
    }

    private static dev.repbench.api.data.Image image() {
        return new dev.repbench.api.data.Image(1, 2, 2, new float[4]);
    }

    /** The test mIoU of a head that predicts background everywhere. */
    private static double allBackgroundMiou(TinyPixelTask task) {
        MeanIoU miou = MeanIoU.of(2, LabelMap.DEFAULT_IGNORE_INDEX, MetricMode.STANDARD);
        try (TaskDataset data = task.open(TaskContext.of(shared, 1))) {
            SampleSource test = data.split(Split.TEST);
            for (int i = 0; i < test.size(); i++) {
                int[] labels = ((LabelMap) test.get(i).target()).labels();
                miou.add(new int[labels.length], labels, 1);
            }
        }
        return miou.score();
    }
}
