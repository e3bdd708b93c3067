package dev.repbench.torch.bench;

import dev.repbench.torch.TorchException;
import dev.repbench.torch.ffi.repbench_torch_h;

/** Turns a shim status into a {@link TorchException} carrying the shim's message, as the torch layer does. */
final class ShimStatus {
    private ShimStatus() {
    }

    static void check(int status, String context) {
        if (status != 0) {
            String message = repbench_torch_h.rb_last_error().reinterpret(Long.MAX_VALUE).getString(0);
            throw new TorchException(TorchException.Code.of(status), context + ": " + message);
        }
    }
}
