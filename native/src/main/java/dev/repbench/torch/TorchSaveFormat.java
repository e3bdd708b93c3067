package dev.repbench.torch;

import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors in PyTorch's {@code torch.save} format (a pickled dict of name → tensor), read and written by
 * libtorch itself. This is the raw file primitive: it writes in place, with no atomicity. Use
 * {@code dev.repbench.torch.io.Checkpoints}, which adds atomic replacement and guidance in its errors.
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

    /**
     * Reads a dict of tensors written by {@link #write} or by Python's {@code torch.save} (nested dicts are
     * flattened with dots; non-tensor entries are skipped), in the file's order. The tensors belong to the
     * current scope.
     */
    public static Map<String, Tensor> read(Path file) {
        Scope scope = Scope.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Native.check(repbench_torch_h.rb_load(arena.allocateFrom(file.toString()), out), "reading " + file);
            MemorySegment state = out.get(ValueLayout.ADDRESS, 0);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            try {
                int size = repbench_torch_h.rb_state_size(state);
                MemorySegment tensor = arena.allocate(ValueLayout.ADDRESS);
                for (int k = 0; k < size; k++) {
                    String name = Native.string(repbench_torch_h.rb_state_name(state, k));
                    Native.check(repbench_torch_h.rb_state_tensor(state, k, tensor), "reading '" + name + "' from " + file);
                    tensors.put(name, new Tensor(tensor.get(ValueLayout.ADDRESS, 0), scope));
                }
            } catch (RuntimeException e) {
                tensors.values().forEach(Tensor::close);
                throw e;
            } finally {
                repbench_torch_h.rb_state_free(state);
            }
            return tensors;
        }
    }
}
