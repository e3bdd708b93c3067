package dev.repbench.plugins.kit.train;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.api.data.SampleSource;
import dev.repbench.torch.Autocast;
import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop trains in the context's precision for any method built on the kit's base, with nothing in the method:
 * networks channels-last, each step's forward and loss under bf16 autocast (and nothing else), the precision recorded.
 */
class LoopPrecisionTest {
    private static final LoopSettings SETTINGS = new LoopSettings(4, 16, 2);

    @TempDir
    Path folder;

    /** What a method saw inside {@link Method#loss}: autocast on, the embedding's dtype, the memory order. */
    record Seen(boolean autocast, DType embedding, boolean viewChannelsLast, boolean weightChannelsLast) {
    }

    /** A method written the plain way (no precision code at all) that records what the loop gave it. */
    static class ProbeMethod extends Method {
        final List<Seen> seen = new ArrayList<>();
        private final Linear head;

        ProbeMethod(PretrainingContext context) {
            super(context);
            head = register("head", new Linear(512, 4));
            createOptimizer(OptimizerConfig.sgd(0.05, 0.9, 1e-4), 0.05, ParameterGroup::all);
        }

        /** Built the way MoCo, SwAV and the BYOL example are: given the architecture and device, not the context. */
        ProbeMethod(String architecture, Device device) {
            super(architecture, device);
            head = register("head", new Linear(512, 4));
            createOptimizer(OptimizerConfig.sgd(0.05, 0.9, 1e-4), 0.05, ParameterGroup::all);
        }

        /** Built for {@code precision} as resolved elsewhere (e.g. on a CPU a test describes). */
        ProbeMethod(PretrainingContext context, TrainingPrecision precision) {
            super(context.architectureName(), precision);
            head = register("head", new Linear(512, 4));
            createOptimizer(OptimizerConfig.sgd(0.05, 0.9, 1e-4), 0.05, ParameterGroup::all);
        }

        @Override
        public List<ViewSpec> views() {
            return List.of(new ViewSpec("plain", (images, random) -> images, 1));
        }

        @Override
        public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
            return step -> 0.05;
        }

        @Override
        public Tensor loss(StepInput input) {
            Tensor view = input.views().getFirst();
            Tensor embedding = backbone().forwardEmbedding(view);
            seen.add(new Seen(Autocast.isEnabled(Device.CPU), embedding.dtype(), view.isChannelsLast(),
                    backbone().namedParameters().get("conv1.weight").isChannelsLast()));
            return head.forward(embedding).pow(2.0).mean();
        }
    }

    private TrainedEncoder run(Precision precision, List<ProbeMethod> built) throws IOException {
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 5), folder.resolve(precision.toString()));
        context.precision = precision;
        return PretrainingLoop.run(context, SETTINGS, () -> {
            ProbeMethod method = new ProbeMethod(context);
            built.add(method);
            return method;
        });
    }

    @Test
    void aBf16RunAutocastsEachStepsForwardAndLossOnly() throws IOException {
        List<ProbeMethod> built = new ArrayList<>();
        TrainedEncoder encoder = run(Precision.BF16, built);
        boolean bf16 = Torch.cpuHasNativeBf16();
        assertEquals(bf16 ? "bf16" : "fp32", encoder.provenance().get("precision"), "the precision that ran is recorded");
        List<Seen> seen = built.getFirst().seen;
        assertEquals(2, seen.size());
        for (Seen s : seen) {
            assertEquals(bf16, s.autocast());
            assertEquals(bf16 ? DType.BFLOAT16 : DType.FLOAT32, s.embedding());
            assertEquals(bf16, s.viewChannelsLast() && s.weightChannelsLast(), "bf16 trains channels-last, fp32 NCHW: " + s);
        }
        assertFalse(Autocast.isEnabled(Device.CPU), "autocast does not outlive the step");
        assertTrue(Double.isFinite(Double.parseDouble(encoder.provenance().get("last-step-loss"))));
    }

    @Test
    void anFp32RunIsTodaysPathNeitherAutocastNorChannelsLast() throws IOException {
        List<ProbeMethod> built = new ArrayList<>();
        TrainedEncoder encoder = run(Precision.FP32, built);
        assertEquals("fp32", encoder.provenance().get("precision"));
        for (Seen s : built.getFirst().seen) {
            assertEquals(new Seen(false, DType.FLOAT32, false, false), s);
        }
    }

    @Test
    void onACpuWithoutBf16ABf16RunTrainsAndRecordsFp32SayingSoOnce() throws IOException {
        List<String> lines = new ArrayList<>();
        TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 5), folder.resolve("old"));
        context.precision = Precision.BF16;
        List<ProbeMethod> built = new ArrayList<>();
        TrainedEncoder encoder = PretrainingLoop.run(context, SETTINGS, () -> {
            ProbeMethod method = new ProbeMethod(context, TrainingPrecision.of(context.precision(), context.device(),
                    TrainingPrecision.CpuFeatures.of(), lines::add));
            built.add(method);
            return method;
        });
        assertEquals("fp32", encoder.provenance().get("precision"), "what ran is recorded, not what was asked");
        assertEquals(1, lines.size(), "one line: " + lines);
        assertTrue(lines.getFirst().contains("training in fp32"), lines.getFirst());
        for (Seen s : built.getFirst().seen) {
            assertEquals(new Seen(false, DType.FLOAT32, false, false), s, "the fallback is fp32's own path");
        }
    }

    @Test
    void aMethodBuiltFromArchitectureAndDeviceTrainsInTheRunsPrecisionToo() throws IOException {
        boolean bf16 = Torch.cpuHasNativeBf16();
        for (Precision precision : Precision.values()) {
            TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 5),
                    folder.resolve("arch-device-" + precision));
            context.precision = precision;
            List<ProbeMethod> built = new ArrayList<>();
            TrainedEncoder encoder = PretrainingLoop.run(context, SETTINGS, () -> {
                ProbeMethod method = new ProbeMethod(context.architectureName(), context.device());
                built.add(method);
                return method;
            });
            boolean ranBf16 = precision == Precision.BF16 && bf16;
            assertEquals(ranBf16 ? "bf16" : "fp32", encoder.provenance().get("precision"), precision.toString());
            for (Seen s : built.getFirst().seen) {
                assertEquals(new Seen(ranBf16, ranBf16 ? DType.BFLOAT16 : DType.FLOAT32, ranBf16, ranBf16), s, precision.toString());
            }
        }
        // outside a run, the constructor means fp32 as before
        try (ProbeMethod alone = new ProbeMethod("resnet18-small", Device.CPU)) {
            assertEquals(Precision.FP32, alone.trainingPrecision().effective());
        }
    }

    @Test
    void aMethodThatLeavesAnAutocastRegionOpenIsStoppedAndTheRegionClosed() {
        for (Precision precision : Precision.values()) {
            TestPretrainingContext context = new TestPretrainingContext(TestPretrainingContext.images(8, 16, 0, 5),
                    folder.resolve("leak-" + precision));
            context.precision = precision;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> PretrainingLoop.run(context, SETTINGS,
                    () -> new ProbeMethod(context) {
                        @Override
                        public Tensor loss(StepInput input) {
                            Autocast.bf16(Device.CPU); // never closed
                            return super.loss(input);
                        }
                    }));
            assertTrue(e.getMessage().contains("left 1 Autocast region(s) open at step 0"), e.getMessage());
            assertFalse(Autocast.isEnabled(Device.CPU), "the leaked region was closed: " + precision);
            assertEquals(0, Autocast.openRegions());
        }
    }

    @Test
    void aBf16RunResumesBitForBit() throws IOException {
        SampleSource images = TestPretrainingContext.images(18, 16, 0, 6);
        ResumeCheck.assertResumeIsExact(folder, images, c -> c.precision = Precision.BF16, SETTINGS,
                () -> new ToyMethod(TrainingPrecision.of(Precision.BF16, Device.CPU)), 2);
    }
}
