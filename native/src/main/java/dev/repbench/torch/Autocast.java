package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Automatic mixed precision for a block of the calling thread, as PyTorch's {@code torch.autocast}:
 * <pre>{@code
 * try (Autocast bf16 = Autocast.bf16(device)) {
 *     loss = criterion(model.forward(x), y);   // convolutions and matmuls in bf16, the loss in fp32
 * }
 * loss.backward();                             // outside: gradients reach the fp32 weights in fp32
 * }</pre>
 * While it is open, operators on {@code device}'s tensors pass through libtorch's Autocast dispatch key, which
 * casts their inputs by libtorch's own lists: convolutions, linear layers and matmuls run in the autocast dtype,
 * losses ({@code cross_entropy_loss}, {@code nll_loss}, {@code mse_loss}, …) in float32, and everything else
 * in whatever dtype reaches it (a reduction of a bf16 activation stays bf16, of an fp32 tensor fp32). Parameters
 * stay float32: each step works on bf16 copies, cached for the region and dropped when the outermost region
 * closes, so keep a region to one step (the optimiser changes the weights outside it).
 *
 * <p>Closing restores exactly the state found on opening (enabled or not, and the dtype), so a region cannot
 * leak into the next step; libtorch keeps this state per thread, so it cannot leak into another thread either.
 * Regions nest and are closed innermost first, on the thread that opened them. {@link #disabled} opens a
 * full-precision region inside an autocast one.
 *
 * <p>bf16 needs no gradient scaling (PyTorch's {@code GradScaler}): scaling exists for float16, whose 5-bit
 * exponent flushes small gradients to zero below 6e-8; bfloat16 keeps float32's 8-bit exponent (the same range,
 * down to 1e-38) and gives up mantissa bits instead, and the gradients that reach the weights are float32 anyway.
 */
public final class Autocast implements AutoCloseable {
    private static final ThreadLocal<Deque<Autocast>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final Device device;
    private final Thread thread;
    private final boolean previousEnabled;
    private final DType previousDtype;
    private boolean closed;

    private Autocast(Device device, boolean enabled, DType dtype) {
        // No Torch.requireDevice: autocast state is per device type, not per GPU, and the shim refuses CUDA
        // autocast on a CPU-only libtorch by itself (a check that costs nothing in a training step's loop).
        this.device = Objects.requireNonNull(device, "device");
        this.thread = Thread.currentThread();
        this.previousEnabled = isEnabled(device);
        this.previousDtype = dtype(device);
        int type = deviceType(device);
        try {
            // The dtype first: enabling with a dtype the shim refuses would leave autocast on with the old one.
            if (dtype != null) {
                Native.check(repbench_torch_h.rb_autocast_set_dtype(type, dtype.code()),
                        "setting the " + device + " autocast dtype to " + dtype);
            }
            Native.check(repbench_torch_h.rb_autocast_set_enabled(type, enabled ? 1 : 0),
                    (enabled ? "enabling" : "disabling") + " autocast on " + device);
        } catch (RuntimeException e) {
            restore(type);
            throw e;
        }
        Native.check(repbench_torch_h.rb_autocast_enter(MemorySegment.NULL), "entering an autocast region");
        OPEN.get().push(this);
    }

    /** Autocast to bfloat16 on {@code device} until closed: the precision RepBench trains in with {@code bf16}. */
    public static Autocast bf16(Device device) {
        return to(device, DType.BFLOAT16);
    }

    /**
     * Autocast to {@code dtype} on {@code device} until closed.
     *
     * @param dtype {@link DType#BFLOAT16}, or {@link DType#FLOAT16} (on the CPU only with libtorch 2.x)
     * @throws TorchException with code ARGUMENT for another dtype, NO_CUDA for a CUDA device on a CPU-only libtorch
     */
    public static Autocast to(Device device, DType dtype) {
        return new Autocast(device, true, Objects.requireNonNull(dtype, "dtype"));
    }

    /** A region without autocast on {@code device} (inside an autocast one: work that must stay float32). */
    public static Autocast disabled(Device device) {
        return new Autocast(device, false, null);
    }

    /** Whether autocast is enabled for {@code device}'s kind on the calling thread. */
    public static boolean isEnabled(Device device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            Native.check(repbench_torch_h.rb_autocast_is_enabled(deviceType(device), out), "reading the autocast state");
            return out.get(ValueLayout.JAVA_INT, 0) != 0;
        }
    }

    /** The dtype autocast lowers to on {@code device}'s kind on the calling thread (set or not enabled). */
    public static DType dtype(Device device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            Native.check(repbench_torch_h.rb_autocast_get_dtype(deviceType(device), out), "reading the autocast dtype");
            return DType.ofCode(out.get(ValueLayout.JAVA_INT, 0));
        }
    }

    /** @return how many regions the calling thread has open (0 outside any) */
    public static int openRegions() {
        return OPEN.get().size();
    }

    /**
     * Closes the regions the calling thread opened beyond the first {@code depth}, innermost first: what a caller that
     * hands a block to other code (a training loop running a plugin's loss) does so that a region the block left open
     * cannot autocast what follows.
     *
     * @param depth the number of regions to keep open, as {@link #openRegions()} said before the block
     * @return how many regions were closed (0 when the block closed all it opened)
     */
    public static int closeAbove(int depth) {
        Deque<Autocast> stack = OPEN.get();
        int closed = 0;
        while (stack.size() > depth) {
            stack.peek().close();
            closed++;
        }
        return closed;
    }

    private static int deviceType(Device device) {
        return device.isCuda() ? repbench_torch_h.RB_DEVICE_CUDA() : repbench_torch_h.RB_DEVICE_CPU();
    }

    /** Restores the autocast state found when this region opened. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("an Autocast region is confined to the thread that opened it (" + thread.getName()
                    + "): close it there");
        }
        Deque<Autocast> stack = OPEN.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("autocast regions must be closed innermost first");
        }
        stack.pop();
        closed = true;
        Native.check(repbench_torch_h.rb_autocast_exit(MemorySegment.NULL), "leaving an autocast region");
        restore(deviceType(device));
    }

    private void restore(int type) {
        Native.check(repbench_torch_h.rb_autocast_set_enabled(type, previousEnabled ? 1 : 0), "restoring the autocast state");
        Native.check(repbench_torch_h.rb_autocast_set_dtype(type, previousDtype.code()), "restoring the autocast dtype");
    }
}
