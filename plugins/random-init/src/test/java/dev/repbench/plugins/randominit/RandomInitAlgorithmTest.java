package dev.repbench.plugins.randominit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.TestPretrainingContext;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.ResNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomInitAlgorithmTest {
    private static final int SIDE = 16;
    private static final Map<String, Object> TINY = Map.of(LoopSettings.BATCH_SIZE, 4, LoopSettings.IMAGE_SIDE, SIDE,
            LoopSettings.WORKERS, 1);
    /** Every pixel of every image: one colour, so every batch is the same whatever the loader's order. */
    private static final float[] COLOUR = {0.2f, 0.5f, 0.8f};
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    @TempDir
    Path folder;

    @Test
    void isFoundByTheServiceLoaderUnderTheNameTheReportReadsAsRandomInit() {
        assertTrue(ServiceLoader.load(PretrainingAlgorithm.class).stream()
                .anyMatch(p -> p.get().name().equals("random-init")));
    }

    @Test
    void theWeightsAreTheSeededInitialisationAndOnlyTheBatchNormStatisticsMove() throws Exception {
        TestPretrainingContext context = context(TestPretrainingContext.images(8, SIDE, 0, 3));
        TrainedEncoder encoder = new RandomInitAlgorithm().pretrain(context);
        assertEquals("2", encoder.provenance().get("steps"));
        Torch.manualSeed(context.seed);   // as repbench export --random-init --seed N seeds it
        try (ResNet seeded = ResNet.resnet18Small(); ResNet calibrated = ResNet.resnet18Small()) {
            Checkpoints.loadInto(calibrated, encoder.checkpoint(), null);
            Map<String, Tensor> expected = seeded.namedParameters();
            Map<String, Tensor> actual = calibrated.namedParameters();
            assertEquals(expected.keySet(), actual.keySet());
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name).toFloatArray(), actual.get(name).toFloatArray(), 0f, name);
            }
            for (String name : List.of("bn1.running_mean", "layer4.1.bn2.running_var")) {
                assertNotEquals(seeded.namedBuffers().get(name).toFloatArray()[0],
                        calibrated.namedBuffers().get(name).toFloatArray()[0], name + " was not estimated");
            }
        }
    }

    /**
     * The stem's statistics against a closed form: after n identical batches with momentum 0.1 the running mean is
     * (1 − 0.9ⁿ)·m and the running variance 0.9ⁿ·1 + (1 − 0.9ⁿ)·v, where m and v (unbiased) are the batch's
     * per-channel mean and variance of conv1's output on the normalised images, computed here from conv1's weights.
     */
    @Test
    void theStemsRunningStatisticsAreTheBatchStatisticsOfTheNormalisedImages() throws Exception {
        TestPretrainingContext context = context(constantImages(8));
        TrainedEncoder encoder = new RandomInitAlgorithm().pretrain(context);
        int batches = 2;
        double kept = Math.pow(0.9, batches);
        try (ResNet calibrated = ResNet.resnet18Small(); Scope s = Scope.open()) {
            Checkpoints.loadInto(calibrated, encoder.checkpoint(), null);
            float[] pixels = new float[4 * 3 * SIDE * SIDE];
            for (int i = 0; i < pixels.length; i++) {
                int channel = (i / (SIDE * SIDE)) % 3;
                pixels[i] = (COLOUR[channel] - IMAGENET_MEAN[channel]) / IMAGENET_STD[channel];
            }
            Tensor stem = Functional.conv2d(Tensor.of(pixels, 4, 3, SIDE, SIDE),
                    calibrated.namedParameters().get("conv1.weight"), null, 1, 1);
            float[] mean = stem.mean(new long[] {0, 2, 3}, false).toFloatArray();
            long count = 4L * SIDE * SIDE;
            float[] variance = stem.var(new long[] {0, 2, 3}, false).toFloatArray();
            float[] runningMean = calibrated.namedBuffers().get("bn1.running_mean").toFloatArray();
            float[] runningVar = calibrated.namedBuffers().get("bn1.running_var").toFloatArray();
            assertEquals(64, runningMean.length);
            for (int c = 0; c < runningMean.length; c++) {
                assertEquals((1 - kept) * mean[c], runningMean[c], 1e-5, "running mean of channel " + c);
                assertEquals(kept + (1 - kept) * variance[c], runningVar[c], 1e-4 * (1 + variance[c]),
                        "running variance of channel " + c + " (" + count + " values a batch)");
            }
        }
    }

    private TestPretrainingContext context(SampleSource images) {
        TestPretrainingContext context = new TestPretrainingContext(images, folder);
        context.config = new RandomInitAlgorithm().defaultConfig().withOverrides(TINY);
        return context;
    }

    private static SampleSource constantImages(int count) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] pixels = new float[3 * SIDE * SIDE];
            for (int k = 0; k < pixels.length; k++) {
                pixels[k] = COLOUR[k / (SIDE * SIDE)];
            }
            samples.add(Sample.of(new Image(3, SIDE, SIDE, pixels), new ClassLabel(i % 2)));
        }
        return SampleSource.of(samples);
    }
}
