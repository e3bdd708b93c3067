package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.ffi.repbench_torch_h;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the data paths and metadata of {@link Tensor}: host round trips for every Java-array dtype and for native
 * segments, the zero-copy view, item/describe/toString, {@link Device#parse}, {@link DType} codes against libtorch,
 * seeding, and {@link GradMode}.
 */
class TensorTest {
    private Scope scope;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
        assertEquals(2, Torch.numThreads());
    }

    @BeforeEach
    void open() {
        scope = Scope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    @Test
    void floatRoundTrip() {
        float[] data = {1.5f, -2.25f, Float.MAX_VALUE, Float.MIN_VALUE, 0f, -0f};
        Tensor t = Tensor.of(data, 2, 3);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertEquals(2, t.ndim());
        assertEquals(6, t.numel());
        assertEquals(3, t.size(-1));
        assertEquals(Device.CPU, t.device());
        assertArrayEquals(data, t.toFloatArray());
        assertArrayEquals(new double[] {1.5, -2.25, Float.MAX_VALUE, Float.MIN_VALUE, 0, -0.0}, t.toDoubleArray());
        assertTrue(t.isContiguous());
        assertFalse(t.t().isContiguous());
        assertArrayEquals(new float[] {1.5f, Float.MIN_VALUE, -2.25f, 0f, Float.MAX_VALUE, -0f}, t.t().toFloatArray(),
                "a non-contiguous view is copied out in logical order");
    }

    @Test
    void doubleRoundTrip() {
        double[] data = {Math.PI, -Math.E, 1e-300, Double.MAX_VALUE};
        Tensor t = Tensor.of(data, 4);
        assertEquals(DType.FLOAT64, t.dtype());
        assertArrayEquals(data, t.toDoubleArray());
        assertArrayEquals(new float[] {(float) Math.PI, (float) -Math.E, 0f, Float.POSITIVE_INFINITY}, t.toFloatArray());
    }

    @Test
    void longRoundTrip() {
        long[] data = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 1L << 40};
        Tensor t = Tensor.of(data, 3, 2);
        assertEquals(DType.INT64, t.dtype());
        assertArrayEquals(data, t.toLongArray());
        assertArrayEquals(new int[] {0, -1, 0, 1, -1, 0}, t.toIntArray(), "int64 -> int32 wraps like a C cast");
    }

    @Test
    void intRoundTrip() {
        int[] data = {Integer.MIN_VALUE, -7, 0, 7, Integer.MAX_VALUE};
        Tensor t = Tensor.of(data, 5);
        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(data, t.toIntArray());
        assertArrayEquals(Arrays.stream(data).asLongStream().toArray(), t.toLongArray());
    }

    @Test
    void byteRoundTrip() {
        byte[] data = {0, 1, 127, (byte) 128, (byte) 255};
        Tensor t = Tensor.of(data, 5);
        assertEquals(DType.UINT8, t.dtype());
        byte[] back = new byte[5];
        t.copyTo(MemorySegment.ofArray(back));
        assertArrayEquals(data, back);
        assertArrayEquals(new int[] {0, 1, 127, 128, 255}, t.toIntArray(), "uint8 is unsigned");
    }

    @Test
    void emptyAndScalarShapes() {
        Tensor empty = Tensor.of(new float[0], 0, 3);
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertEquals(0, empty.toFloatArray().length);
        Tensor scalar = Tensor.of(new double[] {4.5});
        assertEquals(0, scalar.ndim());
        assertArrayEquals(new long[0], scalar.shape());
        assertEquals(4.5, scalar.item());
        assertEquals(2.5, Tensor.scalar(2.5).item());
    }

    @Test
    void fromHostWithANativeSegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment doubles = arena.allocate(ValueLayout.JAVA_DOUBLE, 6);
            for (int k = 0; k < 6; k++) {
                doubles.setAtIndex(ValueLayout.JAVA_DOUBLE, k, k * 1.25);
            }
            Tensor t = Tensor.fromHost(doubles, DType.FLOAT64, 3, 2);
            doubles.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, 99);
            assertArrayEquals(new double[] {0, 1.25, 2.5, 3.75, 5, 6.25}, t.toDoubleArray(), "fromHost copies");

            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE, 6);
            t.mul(2).copyTo(out);
            assertEquals(12.5, out.getAtIndex(ValueLayout.JAVA_DOUBLE, 5));

            MemorySegment halves = arena.allocate(ValueLayout.JAVA_SHORT, 2);
            halves.setAtIndex(ValueLayout.JAVA_SHORT, 0, Float.floatToFloat16(1.5f));
            halves.setAtIndex(ValueLayout.JAVA_SHORT, 1, Float.floatToFloat16(-3f));
            Tensor half = Tensor.fromHost(halves, DType.FLOAT16, 2);
            assertEquals(DType.FLOAT16, half.dtype());
            assertArrayEquals(new float[] {1.5f, -3f}, half.toFloatArray());

            MemorySegment ints = arena.allocate(ValueLayout.JAVA_INT, 3);
            ints.setAtIndex(ValueLayout.JAVA_INT, 2, 42);
            assertArrayEquals(new int[] {0, 0, 42}, Tensor.fromHost(ints, DType.INT32, 3).toIntArray());
        }
    }

    @Test
    void dataIsAZeroCopyView() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        MemorySegment view = t.data();
        assertEquals(16, view.byteSize());
        t.mulInPlace(10);
        assertEquals(40f, view.getAtIndex(ValueLayout.JAVA_FLOAT, 3), "the view sees an in-place change");
        view.setAtIndex(ValueLayout.JAVA_FLOAT, 0, -5f);
        assertArrayEquals(new float[] {-5, 20, 30, 40}, t.toFloatArray(), "the tensor sees a write through the view");
        Tensor copy = t.clone();
        t.zeroInPlace();
        assertEquals(0f, view.getAtIndex(ValueLayout.JAVA_FLOAT, 1));
        assertEquals(20f, copy.data().getAtIndex(ValueLayout.JAVA_FLOAT, 1), "a clone has its own storage");
        assertEquals(8, Tensor.of(new long[] {7}, 1).data().byteSize());
    }

    @Test
    void itemDescribeToString() {
        Tensor t = Tensor.of(new float[] {0.25f}, 1, 1);
        assertEquals(0.25, t.item());
        assertEquals(6.0, Tensor.of(new long[] {1, 2, 3}, 3).sum().item());
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertEquals("Tensor[1, 1] float32 cpu", t.describe());
        assertEquals("Tensor[1, 1] float32 cpu", t.toString());
        assertEquals("Tensor[] float64 cpu", Tensor.of(new double[] {1}).describe());
        assertEquals("Tensor[2, 0, 3] int64 cpu", Tensor.zeros(DType.INT64, Device.CPU, 2, 0, 3).describe());
        t.close();
        assertEquals("Tensor<closed>", t.toString());
        assertThrows(IllegalStateException.class, t::describe);
    }

    @Test
    void deviceParse() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.CPU, Device.parse(" CPU "));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(0), Device.parse("cuda:0"));
        assertEquals(new Device(Device.Kind.CUDA, 1), Device.parse("cuda:1"));
        assertEquals(12, Device.parse("CUDA:12").index());
        assertTrue(Device.parse("cuda:1").isCuda());
        assertFalse(Device.CPU.isCuda());
        assertEquals("cuda:1", Device.parse("cuda:1").toString());
        assertEquals("cpu", Device.CPU.toString());
        for (String bad : List.of("gpu", "", "cuda:", "cuda:x", "cuda:-1", "cpu:0", "cpu:1", "cuda:1:2", "mps")) {
            assertThrows(IllegalArgumentException.class, () -> Device.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
        assertThrows(IllegalArgumentException.class, () -> new Device(Device.Kind.CPU, 1));
    }

    @Test
    void dtypeCodesRoundTripThroughLibtorch() throws Exception {
        for (DType type : DType.values()) {
            assertEquals(type, DType.ofCode(type.code()));
            // The code matches the header's constant ...
            int headerCode = (int) repbench_torch_h.class.getMethod("RB_DTYPE_" + type.name()).invoke(null);
            assertEquals(headerCode, type.code(), type.toString());
            // ... libtorch creates a tensor of that type and reports it back ...
            Tensor t = Tensor.ones(3).to(type);
            assertEquals(type, t.dtype());
            assertEquals(type, Tensor.zeros(type, Device.CPU, 2).dtype());
            // ... with the element size DType declares (copy_to_host insists on the exact byte count).
            try (Arena arena = Arena.ofConfined()) {
                t.copyTo(arena.allocate(3L * type.byteSize()));
                assertThrows(TorchException.class, () -> t.copyTo(arena.allocate(3L * type.byteSize() + 1)));
            }
            assertArrayEquals(new float[] {1, 1, 1}, t.toFloatArray(), type.toString());
            assertEquals(type.isFloatingPoint(), type.name().contains("FLOAT"));
        }
        assertThrows(IllegalArgumentException.class, () -> DType.ofCode(8)); // complex half has no equivalent
        assertEquals("bfloat16", DType.BFLOAT16.toString());
    }

    @Test
    void seedingIsDeterministic() {
        Torch.manualSeed(1234);
        float[] a = Tensor.randn(8, 8).toFloatArray();
        long[] ia = Tensor.randint(0, 1000, 16).toLongArray();
        Torch.manualSeed(1234);
        float[] b = Tensor.randn(8, 8).toFloatArray();
        long[] ib = Tensor.randint(0, 1000, 16).toLongArray();
        assertArrayEquals(a, b);
        assertArrayEquals(ia, ib);
        Torch.manualSeed(1235);
        assertFalse(Arrays.equals(a, Tensor.randn(8, 8).toFloatArray()));
        float[] c = Tensor.randn(8, 8).toFloatArray();
        assertFalse(Arrays.equals(b, c), "successive draws differ");
        Torch.manualSeed(7);
        long[] perm = Tensor.randperm(10).toLongArray();
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.stream(perm).sorted().toArray());
    }

    @Test
    void gradModeDisabledRestoresThePreviousMode() {
        assertTrue(GradMode.isEnabled());
        Tensor x = Tensor.randn(3).requiresGrad(true);
        assertTrue(x.mul(2).requiresGrad());
        try (GradMode off = GradMode.disabled()) {
            assertFalse(GradMode.isEnabled());
            Tensor y = x.mul(2).add(1.0).exp();
            assertFalse(y.requiresGrad(), "ops under no-grad record no history");
            try (GradMode on = GradMode.enabled()) {
                assertTrue(GradMode.isEnabled());
                assertTrue(x.mul(2).requiresGrad());
                try (GradMode offAgain = GradMode.disabled()) {
                    assertFalse(GradMode.isEnabled());
                }
                assertTrue(GradMode.isEnabled(), "restored to the enclosing enabled()");
            }
            assertFalse(GradMode.isEnabled(), "restored to the enclosing disabled()");
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        try (GradMode off = GradMode.disabled()) {
            boolean other = java.util.concurrent.CompletableFuture.supplyAsync(GradMode::isEnabled,
                    r -> new Thread(r).start()).get();
            assertTrue(other, "another thread keeps its own grad mode");
            assertFalse(GradMode.isEnabled());
        }
    }

    @Test
    void gradientsAccumulateAndClear() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        assertTrue(x.requiresGrad());
        assertNull(x.grad());
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {4, 8, 12}, x.grad().toDoubleArray(), "gradients accumulate");
        x.clearGrad();
        assertNull(x.grad());
        Tensor y = x.mul(3);
        y.backward(Tensor.of(new double[] {1, 0, 2}, 3), true);
        y.backward(Tensor.of(new double[] {1, 0, 2}, 3), false);
        assertArrayEquals(new double[] {6, 0, 12}, x.grad().toDoubleArray(), "retain_graph allows a second backward");
        assertFalse(x.detach().requiresGrad());
        assertFalse(x.requiresGrad(false).requiresGrad());
    }

    @Test
    void inPlaceAndCreationOps() {
        Tensor t = Tensor.zeros(2, 2);
        t.fillInPlace(2).addInPlace(Tensor.ones(2, 2), 0.5).mulInPlace(Tensor.full(2, DType.FLOAT32, Device.CPU, 2, 2));
        assertArrayEquals(new float[] {5, 5, 5, 5}, t.toFloatArray());
        t.divInPlace(5).sqrtInPlace().clampInPlace(0, 0.5);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, t.toFloatArray());
        t.addcmulInPlace(Tensor.ones(2, 2), Tensor.full(3, DType.FLOAT32, Device.CPU, 2, 2), 2);
        t.addcdivInPlace(Tensor.ones(2, 2), Tensor.full(4, DType.FLOAT32, Device.CPU, 2, 2), 2);
        assertArrayEquals(new float[] {7, 7, 7, 7}, t.toFloatArray());
        t.copyFromInPlace(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.toFloatArray());
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5}, Tensor.arange(0, 2, 0.5, DType.FLOAT64).toDoubleArray());
        Tensor u = Tensor.zeros(1000).uniformInPlace(2, 3);
        assertTrue(u.min().item() >= 2 && u.max().item() < 3);
        Tensor n = Tensor.zeros(DType.FLOAT64, Device.CPU, 10000).normalInPlace(5, 0.1);
        assertEquals(5, n.mean().item(), 0.01);
        Tensor r = Tensor.rand(1000);
        assertTrue(r.min().item() >= 0 && r.max().item() < 1);
        assertTrue(Tensor.where(Tensor.of(new float[] {1, -1}, 2).gt(0), Tensor.ones(2), Tensor.zeros(2))
                .eq(Tensor.of(new float[] {1, 0}, 2)).to(DType.INT64).sum().item() == 2);
        assertTrue(Tensor.ones(3).allClose(Tensor.ones(3).add(1e-9), 1e-5, 1e-8));
        assertFalse(Tensor.ones(3).allClose(Tensor.ones(3).add(1e-3), 1e-5, 1e-8));
        assertEquals(1, Tensor.of(new float[] {1, 5, 2}, 3).argmax(0, false).item());
        assertArrayEquals(new float[] {-1, 0, 1}, Tensor.of(new float[] {-3, 0, 2}, 3).sign().toFloatArray());
        assertArrayEquals(new long[] {2, 3}, Tensor.randn(2, 1, 3).squeeze(1).shape());
        assertNotEquals(0, Torch.registeredOperatorCount());
        assertTrue(Torch.version().startsWith("1.") || Torch.version().startsWith("2."), Torch.version());
        assertTrue(Torch.buildConfig().contains("BLAS"), Torch.buildConfig());
    }
}
