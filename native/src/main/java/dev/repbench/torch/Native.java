package dev.repbench.torch;

import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.MemorySegment;

/** Turns the shim's status codes into exceptions; every call into the bindings goes through here. */
final class Native {
    private Native() {
    }

    /** Throws a {@link TorchException} carrying the shim's thread-local message when {@code status} is not RB_OK. */
    static void check(int status, String context) {
        if (status != 0) {
            throw new TorchException(TorchException.Code.of(status), context + ": " + lastError());
        }
    }

    static String lastError() {
        return string(repbench_torch_h.rb_last_error());
    }

    /** Reads a NUL-terminated string the shim owns. */
    static String string(MemorySegment cString) {
        if (cString.equals(MemorySegment.NULL)) {
            return "";
        }
        return cString.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
