package dev.repbench.runtime.features.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.features.session.BatchRunner;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPipelineTest {
    @TempDir
    static Path temp;
    static LoadedEncoder encoder;

    @BeforeAll
    static void export() {
        encoder = TestEncoders.resnet18Small(temp.resolve("enc"), 5);
    }

    /** 28 × 28 grey images, each distinct; {@code get} sleeps at random so workers finish out of order. */
    private static SampleSource jittery(int n, int failAt) {
        return new SampleSource() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Sample get(int index) {
                if (index == failAt) {
                    throw new TaskDataException(Path.of("sample-" + index), "cannot decode", "a readable image");
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                float[] pixels = new float[28 * 28];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = ((index * 37 + p * 11) % 256) / 255f;
                }
                return Sample.of(new Image(1, 28, 28, pixels), Unlabelled.INSTANCE);
            }
        };
    }

    private record Run(float[][] embeddings, List<Integer> firstIndices, BatchPipeline.Stats stats) {
    }

    private static Run run(SampleSource source, int count, int batch, int workers) {
        Preprocessor pre = Preprocessor.of(encoder.descriptor().preprocessing());
        float[][] embeddings = new float[count][];
        List<Integer> firsts = new ArrayList<>();
        try (EncoderSession session = OnnxEngine.open(encoder, Device.CPU, 2);
             BatchRunner runner = session.newBatchRunner(batch, pre.height(), pre.width(), List.of("embedding"), 2, true)) {
            BatchPipeline.Stats stats = BatchPipeline.run(source, count, pre, runner, workers, (first, outputs) -> {
                firsts.add(first);
                FloatBuffer values = outputs.values("embedding");
                for (int i = 0; i < outputs.count(); i++) {
                    float[] row = new float[512];
                    values.get(i * 512, row);
                    embeddings[first + i] = row;
                }
            });
            return new Run(embeddings, firsts, stats);
        }
    }

    @Test
    void outputsComeInSampleOrderWhateverTheWorkers() {
        SampleSource source = jittery(23, -1);
        Run one = run(source, 23, 5, 1);
        Run four = run(source, 23, 5, 4);
        assertEquals(List.of(0, 5, 10, 15, 20), one.firstIndices());
        assertEquals(List.of(0, 5, 10, 15, 20), four.firstIndices());
        assertEquals(new BatchPipeline.Stats(23, 5, one.stats().seconds(), one.stats().loaderWaitSeconds()), one.stats());
        for (int i = 0; i < 23; i++) {
            assertTrue(Arrays.equals(one.embeddings()[i], four.embeddings()[i]), "sample " + i + " is the same with 4 workers");
        }
        assertFalse(Arrays.equals(one.embeddings()[0], one.embeddings()[1]), "samples differ, so order is visible");

        // Each row is its own sample's: a batch of one image gives the same embedding.
        Run single = run(SampleSource.of(List.of(source.get(17))), 1, 1, 1);
        float[] alone = single.embeddings()[0];
        for (int k = 0; k < 512; k++) {
            assertEquals(alone[k], one.embeddings()[17][k], 1e-4f * Math.max(1f, Math.abs(alone[k])));
        }
        assertNotEquals(0.0, java.util.stream.IntStream.range(0, 512).mapToDouble(k -> Math.abs(alone[k])).sum());
    }

    @Test
    void aLoadingFailureStopsTheRunWithTheSampleError() {
        for (int workers : new int[] {1, 3}) {
            TaskDataException e = assertThrows(TaskDataException.class, () -> run(jittery(20, 12), 20, 4, workers));
            assertTrue(e.getMessage().startsWith("cannot decode: sample-12"), e.getMessage());
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("repbench-")
                    && t.isAlive()), "loader and workers are stopped");
        }
    }

    @Test
    void aConsumerFailureStopsTheLoader() {
        IllegalStateException stop = new IllegalStateException("disk full");
        Preprocessor pre = Preprocessor.of(encoder.descriptor().preprocessing());
        try (EncoderSession session = OnnxEngine.open(encoder, Device.CPU, 1);
             BatchRunner runner = session.newBatchRunner(2, pre.height(), pre.width(), List.of("embedding"), 2, true)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> BatchPipeline.run(jittery(10, -1), 10, pre, runner, 2, (first, outputs) -> {
                        throw stop;
                    }));
            assertSame(stop, e);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("repbench-") && t.isAlive()));
    }
}
