package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.nn.Functional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Autocast through the shim: which operators libtorch lowers to bf16 and which it keeps in float32, and that a
 * region restores what it found, nests, and stays on its thread. Values against PyTorch: {@link AutocastGoldenTest}.
 */
class AutocastTest {
    private static final Device CPU = Device.CPU;
    private Scope scope;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @BeforeEach
    void open() {
        Torch.manualSeed(7);
        scope = Scope.open();
        assertFalse(Autocast.isEnabled(CPU), "a test started with autocast left on");
    }

    @AfterEach
    void close() {
        scope.close();
        assertFalse(Autocast.isEnabled(CPU), "a test left autocast on");
    }

    @Test
    void convolutionsAndMatmulsRunInBf16() {
        Tensor x = Tensor.randn(2, 3, 8, 8);
        Tensor w = Tensor.randn(4, 3, 3, 3);
        Tensor a = Tensor.randn(5, 6);
        Tensor b = Tensor.randn(6, 7);
        try (Autocast bf16 = Autocast.bf16(CPU)) {
            assertEquals(DType.BFLOAT16, Functional.conv2d(x, w, null, 1, 1).dtype());
            assertEquals(DType.BFLOAT16, a.matmul(b).dtype());
            assertEquals(DType.BFLOAT16, a.mm(b).dtype());
            assertEquals(DType.BFLOAT16, Functional.linear(a, b.t(), null).dtype());
        }
        // The inputs themselves are untouched, and outside the region the same call is float32 again.
        assertEquals(DType.FLOAT32, w.dtype());
        assertEquals(DType.FLOAT32, Functional.conv2d(x, w, null, 1, 1).dtype());
    }

    @Test
    void lossesRunInFloat32AndReductionsKeepTheirInputsDtype() {
        Tensor a = Tensor.randn(4, 6);
        Tensor b = Tensor.randn(6, 10);
        Tensor target = Tensor.of(new long[] {1, 2, 3, 4}, 4);
        try (Autocast bf16 = Autocast.bf16(CPU)) {
            Tensor logits = a.matmul(b);
            assertEquals(DType.BFLOAT16, logits.dtype());
            // libtorch's fp32 list: the loss of bf16 logits is computed, and returned, in float32.
            assertEquals(DType.FLOAT32, Functional.crossEntropy(logits, target).dtype());
            assertEquals(DType.FLOAT32, Functional.mseLoss(logits, logits.mul(2.0)).dtype());
            assertEquals(DType.FLOAT32, Functional.nllLoss(logits.logSoftmax(1), target).dtype());
            // Operators on no list run in the dtype they are given: float32 stays float32.
            assertEquals(DType.FLOAT32, a.sum().dtype());
            assertEquals(DType.FLOAT32, a.mean(1, false).dtype());
            assertEquals(DType.FLOAT32, a.add(a).dtype());
        }
    }

    @Test
    void closingRestoresWhatItFound() {
        assertFalse(Autocast.isEnabled(CPU));
        DType before = Autocast.dtype(CPU);
        try (Autocast bf16 = Autocast.bf16(CPU)) {
            assertTrue(Autocast.isEnabled(CPU));
            assertEquals(DType.BFLOAT16, Autocast.dtype(CPU));
        }
        assertFalse(Autocast.isEnabled(CPU));
        assertEquals(before, Autocast.dtype(CPU));
        Autocast region = Autocast.bf16(CPU);
        region.close();
        region.close();   // idempotent
        assertFalse(Autocast.isEnabled(CPU));
    }

    @Test
    void aStepThatThrowsInsideItsRegionLeavesAutocastOff() {
        Tensor a = Tensor.randn(3, 3);
        assertThrows(ArithmeticException.class, () -> {
            try (Autocast bf16 = Autocast.bf16(CPU)) {
                assertEquals(DType.BFLOAT16, a.mm(a).dtype());
                throw new ArithmeticException("the loss failed");
            }
        });
        assertFalse(Autocast.isEnabled(CPU), "autocast leaked out of a region left by an exception");
        assertEquals(DType.FLOAT32, a.mm(a).dtype(), "the next step runs in float32");
    }

    @Test
    void aThreadThatOpenedARegionDoesNotEnableItOnAnotherThreadsLaterWork() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // one pool thread autocasts a block and closes it; the same thread's next task sees nothing left
            CompletableFuture.runAsync(() -> {
                try (Autocast bf16 = Autocast.bf16(CPU)) {
                    assertTrue(Autocast.isEnabled(CPU));
                }
            }, pool).get();
            assertFalse(CompletableFuture.supplyAsync(() -> Autocast.isEnabled(CPU), pool).get(),
                    "autocast outlived its region on the pool's thread");
            assertFalse(Autocast.isEnabled(CPU), "nor did it ever reach this thread");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void regionsLeftOpenAreClosedAboveADepth() {
        int depth = Autocast.openRegions();
        try (Autocast kept = Autocast.disabled(CPU)) {
            int inside = Autocast.openRegions();
            Autocast.bf16(CPU);
            Autocast.bf16(CPU); // two regions a block forgot
            assertTrue(Autocast.isEnabled(CPU));
            assertEquals(2, Autocast.closeAbove(inside));
            assertFalse(Autocast.isEnabled(CPU), "the state the kept region set is back");
            assertEquals(0, Autocast.closeAbove(inside));
        }
        assertEquals(depth, Autocast.openRegions());
        assertFalse(Autocast.isEnabled(CPU));
    }

    @Test
    void regionsNestAndADisabledRegionRunsInFloat32() {
        Tensor a = Tensor.randn(3, 3);
        try (Autocast outer = Autocast.bf16(CPU)) {
            try (Autocast inner = Autocast.disabled(CPU)) {
                assertFalse(Autocast.isEnabled(CPU));
                assertEquals(DType.FLOAT32, a.mm(a).dtype());
                try (Autocast innermost = Autocast.bf16(CPU)) {
                    assertEquals(DType.BFLOAT16, a.mm(a).dtype());
                }
                assertFalse(Autocast.isEnabled(CPU));
            }
            assertTrue(Autocast.isEnabled(CPU));
            assertEquals(DType.BFLOAT16, a.mm(a).dtype());
        }
        assertFalse(Autocast.isEnabled(CPU));
    }

    @Test
    void regionsCloseInnermostFirst() {
        Autocast outer = Autocast.bf16(CPU);
        Autocast inner = Autocast.bf16(CPU);
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
        assertFalse(Autocast.isEnabled(CPU));
    }

    @Test
    void aRegionIsInvisibleToOtherThreads() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Autocast bf16 = Autocast.bf16(CPU)) {
            boolean seenThere = CompletableFuture.supplyAsync(() -> Autocast.isEnabled(CPU), other).get();
            assertFalse(seenThere, "autocast state leaked to another thread");
            assertThrows(Exception.class, () -> CompletableFuture.runAsync(bf16::close, other).get(),
                    "a region closed on another thread");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void theWeightCastCacheDoesNotOutliveTheRegion() {
        // Autocast caches the bf16 copy of a leaf that requires grad (a weight) for the region. A weight changed
        // between two regions (an optimiser step) must be seen changed in the second.
        Tensor w = Tensor.ones(4, 4).requiresGrad(true);
        Tensor x = Tensor.ones(1, 4);
        try (Autocast bf16 = Autocast.bf16(CPU)) {
            assertEquals(4.0, Functional.linear(x, w, null).sum().item() / 4, 0);
        }
        try (GradMode off = GradMode.disabled()) {
            w.mulInPlace(2.0);
        }
        try (Autocast bf16 = Autocast.bf16(CPU)) {
            assertEquals(8.0, Functional.linear(x, w, null).sum().item() / 4, 0);
        }
    }

    @Test
    void gradientsReachFloat32WeightsInFloat32() {
        Tensor w = Tensor.randn(4, 3, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(2, 3, 8, 8);
        Tensor loss;
        try (Autocast bf16 = Autocast.bf16(CPU)) {
            loss = Functional.conv2d(x, w, null, 1, 1).pow(2.0).mean();
        }
        loss.backward();
        assertEquals(DType.FLOAT32, w.grad().dtype());
    }

    @Test
    void unsupportedDtypesAndDevicesAreRefusedAndLeaveNothingOn() {
        TorchException e = assertThrows(TorchException.class, () -> Autocast.to(CPU, DType.FLOAT64));
        assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
        assertFalse(Autocast.isEnabled(CPU));
        if (!Torch.cudaBuilt()) {
            assertThrows(TorchException.class, () -> Autocast.bf16(Device.cuda(0)));
            assertFalse(Autocast.isEnabled(CPU));
        }
    }

    @Test
    void theCpuReportsItsBf16Features() throws IOException {
        assertTrue(List.of("AVX512_BF16", "AMX_BF16").containsAll(Torch.cpuBf16Features()), Torch.cpuBf16Features().toString());
        assertEquals(!Torch.cpuBf16Features().isEmpty(), Torch.cpuHasNativeBf16());
        // The kernel's view of the CPU (/proc/cpuinfo) agrees with CPUID's.
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            String text = Files.readString(cpuinfo);
            assertEquals(text.contains(" avx512_bf16"), Torch.cpuBf16Features().contains("AVX512_BF16"), "avx512_bf16 in /proc/cpuinfo");
            assertEquals(text.contains(" amx_bf16"), Torch.cpuBf16Features().contains("AMX_BF16"), "amx_bf16 in /proc/cpuinfo");
        }
    }
}
