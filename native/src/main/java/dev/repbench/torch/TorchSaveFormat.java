package dev.repbench.torch;

import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes named tensors in PyTorch's {@code torch.save} format (a pickled dict of name → tensor) through libtorch.
 * This is the raw file primitive: it writes in place, with no atomicity. Use {@code dev.repbench.torch.io.Checkpoints},
 * which adds atomic replacement, and reads every torch.save format in Java.
 */
public final class TorchSaveFormat {
    private TorchSaveFormat() {
    }

    /** Writes {@code tensors} (copied to the CPU, detached) to {@code file}, truncating it. */
    public static void write(Path file, Map<String, Tensor> tensors) {
        try (Arena arena = Arena.ofConfined()) {
            int count = tensors.size();
            MemorySegment names = arena.allocate(ValueLayout.ADDRESS, Math.max(1, count));
            MemorySegment handles = arena.allocate(ValueLayout.ADDRESS, Math.max(1, count));
            int k = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                names.setAtIndex(ValueLayout.ADDRESS, k, arena.allocateFrom(e.getKey()));
                handles.setAtIndex(ValueLayout.ADDRESS, k, e.getValue().handle());
                k++;
            }
            Native.check(repbench_torch_h.rb_save(arena.allocateFrom(file.toString()), names, handles, count),
                    "writing " + count + " tensors to " + file);
        }
    }
}
