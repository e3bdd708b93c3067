package dev.repbench.torch;

import dev.repbench.torch.ffi.repbench_torch_h;

/**
 * The calling thread's autograd recording, switched for a block:
 * <pre>{@code try (GradMode off = GradMode.disabled()) { ... } }</pre>
 * restores the previous mode on close.
 */
public final class GradMode implements AutoCloseable {
    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = isEnabled();
        Native.check(repbench_torch_h.rb_set_grad_enabled(enabled ? 1 : 0), "setting grad mode");
    }

    /** Stops recording autograd history until closed (like {@code torch.no_grad()}). */
    public static GradMode disabled() {
        return new GradMode(false);
    }

    public static GradMode enabled() {
        return new GradMode(true);
    }

    public static boolean isEnabled() {
        return repbench_torch_h.rb_is_grad_enabled() != 0;
    }

    @Override
    public void close() {
        Native.check(repbench_torch_h.rb_set_grad_enabled(previous ? 1 : 0), "restoring grad mode");
    }
}
