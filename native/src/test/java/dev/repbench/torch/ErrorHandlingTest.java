package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.ffi.repbench_torch_h;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that bad calls into libtorch surface as Java exceptions carrying libtorch's (or the shim's) message,
 * with the right status code, and that the JVM and the library keep working afterwards.
 */
class ErrorHandlingTest {

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    /** After every failure: no scope left open by the test, and a normal computation still gives the right answer. */
    @AfterEach
    void normalOpStillWorks() {
        assertThrows(IllegalStateException.class, Scope::current, "a test left a scope open");
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor b = Tensor.of(new float[] {1, 0, 0, 2}, 2, 2);
            assertEquals(1 + 4 + 3 + 8, a.matmul(b).sum().item(), 0);
        }
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message lacks '" + p + "': " + message);
        }
    }

    @Test
    void statusCodesMatchTheHeader() {
        assertEquals(repbench_torch_h.RB_ERR_TORCH(), TorchException.Code.TORCH.status());
        assertEquals(repbench_torch_h.RB_ERR_ARGUMENT(), TorchException.Code.ARGUMENT.status());
        assertEquals(repbench_torch_h.RB_ERR_NOT_FOUND(), TorchException.Code.NOT_FOUND.status());
        assertEquals(repbench_torch_h.RB_ERR_NO_CUDA(), TorchException.Code.NO_CUDA.status());
        assertEquals(repbench_torch_h.RB_ERR_IO(), TorchException.Code.IO.status());
        assertEquals(repbench_torch_h.RB_ERR_INTERNAL(), TorchException.Code.INTERNAL.status());
    }

    @Test
    void matmulShapeMismatchNamesTheOpAndBothShapes() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.randn(2, 3);
            Tensor b = Tensor.randn(4, 5);
            TorchException e = assertThrows(TorchException.class, () -> a.matmul(b));
            assertEquals(TorchException.Code.TORCH, e.code());
            assertContains(e.getMessage(), "aten::matmul", "[2, 3]", "[4, 5]", "cannot be multiplied", "2x3", "4x5");
            TorchException mm = assertThrows(TorchException.class, () -> a.mm(b));
            assertContains(mm.getMessage(), "aten::mm", "[2, 3]", "[4, 5]");
            Tensor c = Tensor.randn(3, 2);
            TorchException add = assertThrows(TorchException.class, () -> a.add(c));
            assertContains(add.getMessage(), "aten::add.Tensor", "must match the size");
            assertEquals(3, s.size(), "a failed op adds no tensor to the scope");
        }
    }

    @Test
    void wrongDtypeIsReportedByLibtorch() {
        try (Scope s = Scope.open()) {
            Tensor f = Tensor.randn(2, 2);
            Tensor l = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2);
            TorchException e = assertThrows(TorchException.class, () -> Op.of("aten::mm").call1(f, l));
            assertEquals(TorchException.Code.TORCH, e.code());
            assertContains(e.getMessage(), "aten::mm", "float32", "int64");
            String libtorch = e.getMessage().substring(e.getMessage().indexOf("): ") + 3);
            assertTrue(libtorch.contains("Float") && libtorch.contains("Long"), "libtorch's own message names both types: " + libtorch);
        }
    }

    @Test
    void tooManyArguments() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.randn(3);
            TorchException e = assertThrows(TorchException.class, () -> Op.of("aten::relu").call1(t, t));
            assertEquals(TorchException.Code.ARGUMENT, e.code());
            assertContains(e.getMessage(), "aten::relu", "2 arguments given", "takes 1");
            Object[] many = new Object[40];
            assertThrows(IllegalArgumentException.class, () -> Op.of("aten::relu").call(many));
        }
    }

    @Test
    void missingRequiredArgument() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.randn(3);
            TorchException e = assertThrows(TorchException.class, () -> Op.of("aten::add", "Tensor").call1(t));
            assertEquals(TorchException.Code.ARGUMENT, e.code());
            assertContains(e.getMessage(), "aten::add.Tensor", "'other'", "has no default and was not given");
        }
    }

    @Test
    void wrongArgumentKind() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.randn(2, 3);
            // Kinds the declared type cannot take are refused by the shim, not by a libtorch internal assert.
            TorchException list = assertThrows(TorchException.class, () -> Op.of("aten::sum", "dim_IntList").call1(t, 1.5));
            assertEquals(TorchException.Code.ARGUMENT, list.code());
            assertContains(list.getMessage(), "'dim'", "cannot take a float");
            TorchException integer = assertThrows(TorchException.class, () -> Op.of("aten::transpose", "int").call1(t, 0.5, 1L));
            assertEquals(TorchException.Code.ARGUMENT, integer.code());
            assertContains(integer.getMessage(), "'dim0'", "takes an integer");
            TorchException none = assertThrows(TorchException.class, () -> Op.of("aten::add", "Tensor").call1(t, null));
            assertEquals(TorchException.Code.ARGUMENT, none.code());
            assertContains(none.getMessage(), "'other'", "cannot take a None");
            TorchException tensor = assertThrows(TorchException.class, () -> Op.of("aten::mul", "Scalar").call1(t, t));
            assertEquals(TorchException.Code.ARGUMENT, tensor.code());
            assertContains(tensor.getMessage(), "'other'", "cannot take a tensor");
            TorchException string = assertThrows(TorchException.class, () -> Op.of("aten::relu").call1("x"));
            assertEquals(TorchException.Code.ARGUMENT, string.code());
            assertThrows(IllegalArgumentException.class, () -> Op.of("aten::relu").call1(new Object()));
            assertEquals(1, s.size());
        }
    }

    @Test
    void unknownOperator() {
        TorchException e = assertThrows(TorchException.class, () -> Op.of("aten::no_such_operator"));
        assertEquals(TorchException.Code.NOT_FOUND, e.code());
        assertContains(e.getMessage(), "aten::no_such_operator");
        TorchException overload = assertThrows(TorchException.class, () -> Op.of("aten::add", "NoSuchOverload"));
        assertEquals(TorchException.Code.NOT_FOUND, overload.code());
        assertContains(overload.getMessage(), "aten::add.NoSuchOverload");
    }

    @Test
    void tooManyResultsAreFreedAndReported() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.randn(100);
            TorchException e = assertThrows(TorchException.class, () -> t.chunk(100, 0));
            assertEquals(TorchException.Code.ARGUMENT, e.code());
            assertContains(e.getMessage(), "returned 100 values");
            assertEquals(1, s.size());
        }
    }

    @Test
    void useAfterClose() {
        Tensor kept;
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.randn(2, 2);
            Tensor u = Tensor.randn(2, 2);
            t.close();
            assertTrue(t.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.add(u));
            assertContains(e.getMessage(), "after close");
            assertThrows(IllegalStateException.class, () -> u.add(t));
            assertThrows(IllegalStateException.class, t::shape);
            assertThrows(IllegalStateException.class, t::toFloatArray);
            assertThrows(IllegalStateException.class, t::backward);
            assertThrows(IllegalStateException.class, () -> Tensor.cat(List.of(u, t), 0));
            t.close(); // closing twice is harmless
            kept = u;
        }
        assertTrue(kept.isClosed());
        assertThrows(IllegalStateException.class, kept::sum);
        assertEquals("Tensor<closed>", kept.toString());
    }

    @Test
    void noOpenScope() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.randn(2));
        assertContains(e.getMessage(), "no open Scope");
        assertThrows(IllegalStateException.class, () -> Tensor.of(new float[] {1, 2}, 2));
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(3));
    }

    @Test
    void dataAndShapeSizeMismatch() {
        try (Scope s = Scope.open()) {
            TorchException e = assertThrows(TorchException.class, () -> Tensor.of(new float[] {1, 2, 3, 4, 5}, 2, 3));
            assertEquals(TorchException.Code.ARGUMENT, e.code());
            assertContains(e.getMessage(), "[2, 3]", "24 bytes", "got 20");
            TorchException negative = assertThrows(TorchException.class, () -> Tensor.of(new float[] {1, 2}, -1, -2));
            assertEquals(TorchException.Code.ARGUMENT, negative.code());
            assertEquals(0, s.size());
        }
    }

    @Test
    void copyToWrongSize() {
        try (Scope s = Scope.open(); java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            Tensor t = Tensor.randn(2, 3);
            TorchException e = assertThrows(TorchException.class, () -> t.copyTo(arena.allocate(20)));
            assertEquals(TorchException.Code.ARGUMENT, e.code());
            assertContains(e.getMessage(), "24 bytes");
            assertThrows(TorchException.class, () -> t.t().data(), "data() of a non-contiguous tensor");
        }
    }

    @Test
    void backwardWithoutGrad() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(3);
            TorchException e = assertThrows(TorchException.class, () -> x.mul(x).sum().backward());
            assertEquals(TorchException.Code.ARGUMENT, e.code());
            assertContains(e.getMessage(), "does not require grad");
            Tensor y = Tensor.randn(3).requiresGrad(true);
            TorchException nonScalar = assertThrows(TorchException.class, () -> y.mul(2).backward());
            assertEquals(TorchException.Code.TORCH, nonScalar.code());
            assertContains(nonScalar.getMessage(), "scalar");
            Tensor z = y.mul(y).sum();
            z.backward();
            TorchException twice = assertThrows(TorchException.class, z::backward);
            assertContains(twice.getMessage(), "second time");
        }
    }

    @Test
    void cudaOnACpuBuild() {
        assertFalse(Torch.cudaBuilt(), "these tests assume Debian's CPU libtorch");
        assertEquals(0, Torch.cudaDeviceCount());
        Torch.requireDevice(Device.CPU);
        TorchException e = assertThrows(TorchException.class, () -> Torch.requireDevice(Device.cuda(0)));
        assertEquals(TorchException.Code.NO_CUDA, e.code());
        assertContains(e.getMessage(), "cuda:0", "CPU-only build", "--device cpu");
        try (Scope s = Scope.open()) {
            TorchException z = assertThrows(TorchException.class, () -> Tensor.zeros(DType.FLOAT32, Device.cuda(0), 2));
            assertEquals(TorchException.Code.NO_CUDA, z.code());
            assertContains(z.getMessage(), "aten::zeros", "cuda:0", "CPU-only build");
            Tensor t = Tensor.randn(2);
            TorchException to = assertThrows(TorchException.class, () -> t.to(Device.cuda(1)));
            assertEquals(TorchException.Code.NO_CUDA, to.code());
            assertContains(to.getMessage(), "cuda:1", "CPU-only build");
            assertEquals(1, s.size());
        }
    }

    @Test
    void cudaEntryPointsOnACpuBuild() {
        assertEquals(0, repbench_torch_h.rb_cuda_runtime_version());
        assertEquals(0, repbench_torch_h.rb_cudnn_version());
        assertEquals(0, repbench_torch_h.rb_cuda_driver_version(), "a CPU build must not touch the CUDA driver");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(64);
            MemorySegment memory = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment major = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment minor = arena.allocate(ValueLayout.JAVA_INT);
            int status = repbench_torch_h.rb_cuda_device_properties(0, name, 64, memory, major, minor);
            assertEquals(repbench_torch_h.RB_ERR_NO_CUDA(), status);
            assertContains(Native.lastError(), "cuda:0", "CPU-only build");
            assertEquals(repbench_torch_h.RB_ERR_ARGUMENT(),
                    repbench_torch_h.rb_cuda_device_properties(0, MemorySegment.NULL, 0, memory, major, minor));
            assertEquals(repbench_torch_h.RB_ERR_NO_CUDA(), repbench_torch_h.rb_cuda_synchronize(0));
            assertContains(Native.lastError(), "cuda:0", "CPU-only build");
        }
    }

    @Test
    void scopesClosedOutOfOrder() {
        Scope outer = Scope.open();
        Scope inner = Scope.open();
        Tensor t = Tensor.randn(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertContains(e.getMessage(), "innermost first");
        assertFalse(outer.isClosed());
        assertFalse(t.isClosed());
        assertEquals(inner, Scope.current());
        inner.close();
        assertTrue(t.isClosed());
        assertEquals(outer, Scope.current());
        outer.close();
        assertTrue(outer.isClosed());
    }

    @Test
    void scopeUsedFromAnotherThread() throws Exception {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.randn(2);
            Throwable adopt = failureOnAnotherThread(() -> {
                try (Scope theirs = Scope.open()) {
                    s.keep(Tensor.randn(2));
                }
            });
            assertInstanceOf(IllegalStateException.class, adopt);
            assertContains(adopt.getMessage(), "confined");
            Throwable close = failureOnAnotherThread(s::close);
            assertInstanceOf(IllegalStateException.class, close);
            assertContains(close.getMessage(), "confined");
            assertFalse(s.isClosed());
            assertFalse(t.isClosed());
            assertEquals(1, s.size());
            Throwable current = failureOnAnotherThread(() -> Tensor.randn(2));
            assertContains(current.getMessage(), "no open Scope");
        }
    }

    private static Throwable failureOnAnotherThread(Runnable body) throws InterruptedException, java.util.concurrent.TimeoutException {
        CompletableFuture<Void> f = CompletableFuture.runAsync(body, r -> new Thread(r, "other").start());
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure on the other thread");
    }

    @Test
    void badDtypeCode() {
        assertThrows(IllegalArgumentException.class, () -> DType.ofCode(99));
        try (Scope s = Scope.open()) {
            // An out-of-range code would index past libtorch's type table: the shim refuses it.
            for (long code : new long[] {99, -1, 18}) {
                TorchException e = assertThrows(TorchException.class, () -> Op.of("aten::zeros").call1(new long[] {2}, code));
                assertEquals(TorchException.Code.ARGUMENT, e.code());
                assertContains(e.getMessage(), "'dtype'", "dtype code", Long.toString(code));
            }
            assertEquals(DType.FLOAT64, Op.of("aten::zeros").call1(new long[] {2}, (long) DType.FLOAT64.code()).dtype());
        }
    }
}
