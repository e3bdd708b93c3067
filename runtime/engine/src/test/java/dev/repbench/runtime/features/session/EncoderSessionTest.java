package dev.repbench.runtime.features.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.encoder.OrtRun;
import dev.repbench.runtime.features.TestEncoders;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderSessionTest {
    @TempDir
    static Path temp;
    static LoadedEncoder encoder;

    @BeforeAll
    static void export() {
        encoder = TestEncoders.resnet18Small(temp.resolve("enc"), 3);
    }

    private static float[] randomImages(int n, int side, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 3 * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static void assertClose(float[] expected, FloatBuffer actual, String what) {
        assertEquals(expected.length, actual.remaining(), what);
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            assertEquals(e, actual.get(i), 1e-4f * Math.max(1f, Math.abs(e)), what + " at " + i);
        }
    }

    /** Full and smaller last batches, pinned or copied outputs: the values a direct ONNX Runtime run gives. */
    @Test
    void batchesMatchADirectOnnxRuntimeRun() throws Exception {
        byte[] model = Files.readAllBytes(encoder.onnxFile());
        int side = 32;
        int floats = 3 * side * side;
        for (boolean pinned : new boolean[] {true, false}) {
            try (EncoderSession session = OnnxEngine.open(encoder, Device.CPU, 2);
                 BatchRunner runner = session.newBatchRunner(4, side, side, List.of("embedding", "block3"), 2, pinned)) {
                assertEquals(pinned, runner.pinnedOutputs());
                assertEquals(Map.of("embedding", List.of(512L), "block3", List.of(128L, 16L, 16L)), runner.outputShapes());
                for (int count : new int[] {4, 3}) {
                    float[] images = randomImages(count, side, count);
                    FloatBuffer slot = runner.input(1);
                    slot.put(0, images);
                    BatchOutputs out = runner.run(1, count);
                    Map<String, OrtRun.Output> direct = OrtRun.run(model, images, new long[] {count, 3, side, side});
                    assertEquals(count, out.count());
                    assertClose(direct.get("embedding").values(), out.values("embedding"), "embedding, pinned " + pinned);
                    assertClose(direct.get("block3").values(), out.values("block3"), "block3, pinned " + pinned);
                }
                assertEquals(floats, runner.imageFloats());
                assertNotSame(runner.input(0), runner.input(0), "views, not the buffer itself");
            }
        }
    }

    @Test
    void inputsAreDirectAndNativeOrder() {
        try (EncoderSession session = OnnxEngine.open(encoder, Device.CPU, 1);
             BatchRunner runner = session.newBatchRunner(2, 32, 32, List.of("embedding"), 2, true)) {
            FloatBuffer input = runner.input(0);
            assertTrue(input.isDirect());
            assertEquals(java.nio.ByteOrder.nativeOrder(), input.order());
            assertEquals(2 * 3 * 32 * 32, input.capacity());
            assertEquals(2, runner.inputSlots());
        }
    }

    /** The CPU-only jar has no CUDA provider: a CUDA request runs on the CPU provider and says what is missing. */
    @Test
    void cudaOnTheCpuOnlyBuildFallsBackToTheCpuProviderNamingWhatIsMissing() {
        ExecutionProviderChoice choice = OnnxEngine.providerFor(Device.cuda(0));
        assertTrue(choice.fellBack());
        assertEquals(Device.CPU, choice.device());
        assertEquals("features: ONNX Runtime CPU provider (CUDA provider unavailable: this ONNX Runtime build has no CUDA"
                + " provider; needs onnxruntime_gpu (mvn -Pcuda) with CUDA 12 + cuDNN 9)", choice.describe());
        assertSame(choice, OnnxEngine.providerFor(Device.cuda(0)), "probed once per device");
        assertEquals("features: ONNX Runtime CPU provider", OnnxEngine.providerFor(Device.CPU).describe());

        try (EncoderSession session = OnnxEngine.open(encoder, Device.cuda(0), 1);
             BatchRunner runner = session.newBatchRunner(1, 32, 32, List.of("embedding"), 1, true)) {
            assertEquals(Device.CPU, session.device());
            runner.input(0).put(0, randomImages(1, 32, 5));
            assertEquals(1, runner.run(0, 1).count());
        }
    }

    @Test
    void anUnknownOutputIsRefused() {
        try (EncoderSession session = OnnxEngine.open(encoder, Device.CPU, 1)) {
            assertEquals(List.of("block1", "block2", "block3", "block4", "block5", "embedding"), session.outputNames());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> session.newBatchRunner(2, 32, 32, List.of("logits"), 2, true));
            assertTrue(e.getMessage().contains("no output 'logits'"), e.getMessage());
        }
    }

    @Test
    void oneEnvironmentPerProcess() {
        assertSame(OnnxEngine.environment(), OnnxEngine.environment());
        assertTrue(OnnxEngine.version().matches("\\d+\\.\\d+\\.\\d+.*"), OnnxEngine.version());
    }
}
