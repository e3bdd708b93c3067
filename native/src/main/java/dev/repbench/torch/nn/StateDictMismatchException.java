package dev.repbench.torch.nn;

/**
 * A state dict does not fit a module: missing or unexpected keys (strict loading) or a shape mismatch. The
 * message lists every offending key, with expected and given shapes.
 */
public final class StateDictMismatchException extends IllegalArgumentException {
    public StateDictMismatchException(String message) {
        super(message);
    }
}
