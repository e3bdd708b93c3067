package dev.repbench.torch.nn;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.torch.Autocast;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The precision decision (bf16 only where native, channels-last where fastest) and what it does to a step. */
class TrainingPrecisionTest {
    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void bf16IsKeptWhereNativeAndFallsBackToFp32ElsewhereSayingWhy() {
        TrainingPrecision native_ = TrainingPrecision.resolve(Precision.BF16, Device.CPU, true);
        assertEquals(Precision.BF16, native_.effective());
        assertTrue(native_.fallback().isEmpty());
        TrainingPrecision emulated = TrainingPrecision.resolve(Precision.BF16, Device.CPU, false);
        assertEquals(Precision.FP32, emulated.effective());
        assertEquals(Precision.BF16, emulated.requested());
        assertTrue(emulated.fallback().orElseThrow().contains("AVX512_BF16"), emulated.fallback().orElseThrow());
        TrainingPrecision oldGpu = TrainingPrecision.resolve(Precision.BF16, Device.cuda(0), false);
        assertEquals(Precision.FP32, oldGpu.effective());
        assertTrue(oldGpu.fallback().orElseThrow().contains("compute capability"), oldGpu.fallback().orElseThrow());
        assertTrue(TrainingPrecision.resolve(Precision.FP32, Device.CPU, false).fallback().isEmpty());
    }

    @Test
    void aCpuWithoutBf16FromTheInjectedSourceTrainsFp32SayingSoInOneLine() {
        List<String> lines = new ArrayList<>();
        TrainingPrecision old = TrainingPrecision.of(Precision.BF16, Device.CPU, TrainingPrecision.CpuFeatures.of(), lines::add);
        assertEquals(Precision.FP32, old.effective());
        assertEquals(Precision.BF16, old.requested());
        assertEquals(1, lines.size(), "one line: " + lines);
        assertTrue(lines.getFirst().startsWith("repbench: bf16 asked, but this CPU has neither AVX512_BF16 nor AMX-BF16"),
                lines.getFirst());
        assertTrue(lines.getFirst().endsWith("training in fp32"), lines.getFirst());
        assertFalse(lines.getFirst().contains("\n"));
        try (TrainingPrecision.Region r = old.autocast()) {
            assertFalse(Autocast.isEnabled(Device.CPU), "a fallback autocasts nothing");
        }

        lines.clear();
        assertEquals(Precision.FP32, TrainingPrecision.of(Precision.FP32, Device.CPU, TrainingPrecision.CpuFeatures.of(),
                lines::add).effective());
        assertEquals(List.of(), lines, "fp32 asked: nothing to say");
        for (String feature : List.of("AVX512_BF16", "AMX_BF16")) {
            TrainingPrecision modern = TrainingPrecision.of(Precision.BF16, Device.CPU, TrainingPrecision.CpuFeatures.of(feature),
                    lines::add);
            assertEquals(Precision.BF16, modern.effective(), feature);
        }
        assertEquals(List.of(), lines, "bf16 kept: nothing to say");
        assertEquals(Precision.FP32, TrainingPrecision.of(Precision.BF16, Device.CPU,
                TrainingPrecision.CpuFeatures.of("AVX512F", "AVX2"), lines::add).effective(), "other features are not bf16");
        assertEquals(1, lines.size());
    }

    @Test
    void theDefaultSourceIsCpuid() {
        assertEquals(Torch.cpuBf16Features(), TrainingPrecision.CpuFeatures.CPUID.bf16Features());
    }

    @Test
    void channelsLastWithBf16AndFp32LeftAsItWas() {
        assertFalse(TrainingPrecision.resolve(Precision.FP32, Device.CPU, true).channelsLast(), "fp32 stays NCHW");
        assertFalse(TrainingPrecision.fp32(Device.CPU).channelsLast());
        assertFalse(TrainingPrecision.resolve(Precision.BF16, Device.CPU, false).channelsLast(), "fp32 after a fallback");
        assertTrue(TrainingPrecision.resolve(Precision.BF16, Device.CPU, true).channelsLast());
        assertFalse(TrainingPrecision.resolve(Precision.FP32, Device.cuda(0), true).channelsLast());
        assertTrue(TrainingPrecision.resolve(Precision.BF16, Device.cuda(0), true).channelsLast());
        assertFalse(TrainingPrecision.resolve(Precision.BF16, Device.cuda(0), false).channelsLast(), "fp32 after a fallback");
    }

    @Test
    void thisMachinesAnswerFollowsItsCpu() {
        TrainingPrecision here = TrainingPrecision.of(Precision.BF16, Device.CPU);
        assertEquals(Torch.cpuHasNativeBf16() ? Precision.BF16 : Precision.FP32, here.effective());
    }

    @Test
    void aBf16StepAutocastsOnlyInsideItsRegionAndPreparesNetworksAndInputs() {
        TrainingPrecision bf16 = TrainingPrecision.resolve(Precision.BF16, Device.CPU, true);
        try (Conv2d conv = bf16.prepare(new Conv2d(3, 4, 3, 1, 1, false)); Scope s = Scope.open()) {
            assertTrue(conv.weight().isChannelsLast());
            Tensor x = bf16.prepareInput(Tensor.randn(2, 3, 8, 8));
            assertTrue(x.isChannelsLast());
            Tensor flat = Tensor.randn(2, 3);
            assertSame(flat, bf16.prepareInput(flat), "a 2-d input is left alone");
            try (TrainingPrecision.Region r = bf16.autocast()) {
                assertEquals(DType.BFLOAT16, conv.forward(x).dtype());
            }
            assertFalse(Autocast.isEnabled(Device.CPU));
            TrainingPrecision fp32 = TrainingPrecision.resolve(Precision.FP32, Device.CPU, true);
            try (TrainingPrecision.Region r = fp32.autocast()) {
                assertFalse(Autocast.isEnabled(Device.CPU));
                assertEquals(DType.FLOAT32, conv.forward(x).dtype());
            }
        }
    }
}
