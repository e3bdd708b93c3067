package dev.repbench.plugins.kit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.api.data.SampleSource;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.io.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The resume check every method can run: a run of {@code steps} steps, against the same run interrupted after
 * {@code crashAfter} steps and resumed from that checkpoint by a fresh method; their encoders must be equal
 * bit for bit.
 */
public final class ResumeCheck {
    private ResumeCheck() {
    }

    /** Thrown by the test context to stop a run right after a checkpoint, as a crash would. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    /**
     * @param folder     a scratch folder
     * @param images     the training images (their count, batch and epochs fix the step count)
     * @param configure  sets the config, class count and epochs on a new context
     * @param settings   the loop settings
     * @param factory    builds the method
     * @param crashAfter the step whose checkpoint the interrupted run stops after
     */
    public static void assertResumeIsExact(Path folder, SampleSource images, java.util.function.Consumer<TestPretrainingContext> configure,
            LoopSettings settings, Supplier<? extends Method> factory, long crashAfter) throws IOException {
        TestPretrainingContext whole = new TestPretrainingContext(images, folder.resolve("whole"));
        configure.accept(whole);
        TrainedEncoder uninterrupted = PretrainingLoop.run(whole, settings, factory);

        TestPretrainingContext first = new TestPretrainingContext(images, folder.resolve("resumed"));
        configure.accept(first);
        first.checkpointEverySteps = crashAfter;
        first.onCheckpoint = c -> {
            if (c.step() == crashAfter) {
                throw new SimulatedCrash();
            }
        };
        assertThrows(SimulatedCrash.class, () -> PretrainingLoop.run(first, settings, factory));
        Checkpoint saved = first.checkpoints.getLast();
        assertEquals(crashAfter, saved.step());

        TestPretrainingContext second = new TestPretrainingContext(images, folder.resolve("resumed"));
        configure.accept(second);
        second.resume = saved;
        TrainedEncoder resumed = PretrainingLoop.run(second, settings, factory);
        assertSameTensors(uninterrupted.checkpoint(), resumed.checkpoint());
    }

    /** Asserts that two checkpoint files hold the same names and bit-identical values. */
    public static void assertSameTensors(Path expected, Path actual) {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> a = Checkpoints.load(expected);
            Map<String, Tensor> b = Checkpoints.load(actual);
            assertEquals(a.keySet(), b.keySet());
            for (String key : a.keySet()) {
                assertArrayEquals(a.get(key).to(DType.FLOAT64).toDoubleArray(), b.get(key).to(DType.FLOAT64).toDoubleArray(),
                        0.0, key);
            }
        }
    }
}
