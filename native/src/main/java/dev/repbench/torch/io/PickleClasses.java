package dev.repbench.torch.io;

import java.util.List;

/**
 * What the names in a pickle mean: the only place an {@link Unpickler} turns a global, a call or a persistent id
 * into a value. Implementations decide from an allow-list and never load or run code.
 */
interface PickleClasses {
    /** The value of {@code GLOBAL module name} (not yet called); {@code offset} is the opcode's position. */
    Object global(String module, String name, long offset);

    /** The result of {@code REDUCE}: {@code callable(*args)}. */
    Object call(Object callable, List<Object> args, long offset);

    /** The result of {@code NEWOBJ}: {@code cls.__new__(cls, *args)}. */
    Object newObject(Object cls, List<Object> args, long offset);

    /** {@code BUILD}: gives {@code object} its state; returns the object that replaces it on the stack. */
    Object build(Object object, Object state, long offset);

    /** The object a persistent id ({@code BINPERSID}/{@code PERSID}) stands for. */
    Object persistent(Object id, long offset);
}
