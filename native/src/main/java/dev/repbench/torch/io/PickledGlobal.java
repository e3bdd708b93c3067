package dev.repbench.torch.io;

/**
 * A Python class or function named in a pickle ({@code module.name}) and left as a name: RepBench never imports
 * or calls it. Appears in {@link TorchCheckpoint#root()} where a checkpoint stores a class itself (e.g. a dtype).
 */
public record PickledGlobal(String module, String name) {
    /** {@code module.name}, as Python prints it. */
    public String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
