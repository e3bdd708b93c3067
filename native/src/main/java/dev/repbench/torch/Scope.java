package dev.repbench.torch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The owner of tensors: every tensor belongs to exactly one open scope, and closing the scope frees
 * the native memory of every tensor it still owns, deterministically (no finalizers).
 *
 * <p>Scopes nest per thread. Tensors created by an operator belong to the innermost open scope of the
 * calling thread; {@link #keep} moves a result to another scope (typically the enclosing one) so it
 * outlives the inner scope:
 * <pre>{@code
 * try (Scope step = Scope.open()) {
 *     Tensor loss = model.forward(x).crossEntropy(y);   // intermediates owned by `step`
 *     loss.backward();
 *     lastLoss = loss.item();                            // read before `step` closes
 * }                                                      // all intermediates freed here
 * }</pre>
 * A scope opened with {@link #open()} is confined to the thread that opened it. Long-lived owners (a
 * module's parameters, an optimizer's state) use a {@link #standalone()} scope instead: it is never
 * current, is not tied to a thread, and is closed by its owner.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Deque<Scope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final Thread thread;
    private final List<Tensor> owned = new ArrayList<>();
    private final Scope parent;
    private boolean closed;

    private Scope(Scope parent, Thread thread) {
        this.parent = parent;
        this.thread = thread;
    }

    /**
     * A scope that is never current and may be used from any thread: the owner of tensors that live as
     * long as some object (a module's parameters, an optimizer's state). Its owner closes it.
     */
    public static Scope standalone() {
        return new Scope(null, null);
    }

    /** Opens a scope nested in the current one (if any) and makes it current on this thread. */
    public static Scope open() {
        Deque<Scope> stack = OPEN.get();
        Scope scope = new Scope(stack.peek(), Thread.currentThread());
        stack.push(scope);
        return scope;
    }

    /** The innermost open scope of this thread. */
    public static Scope current() {
        Scope scope = OPEN.get().peek();
        if (scope == null) {
            throw new IllegalStateException("no open Scope on this thread: create tensors inside try (Scope s = Scope.open()) { ... }");
        }
        return scope;
    }

    /** The scope this one was opened in, or null. */
    public Scope parent() {
        return parent;
    }

    /** Moves {@code tensor} to this scope and returns it. */
    public Tensor keep(Tensor tensor) {
        tensor.moveTo(this);
        return tensor;
    }

    /** Moves {@code tensor} to the enclosing scope, so it survives this one. */
    public Tensor keepInParent(Tensor tensor) {
        if (parent == null) {
            throw new IllegalStateException("this scope has no parent to keep the tensor in");
        }
        return parent.keep(tensor);
    }

    /** How many live tensors this scope owns. */
    public synchronized int size() {
        int n = 0;
        for (Tensor t : owned) {
            if (t.owner() == this && !t.isClosed()) {
                n++;
            }
        }
        return n;
    }

    public boolean isClosed() {
        return closed;
    }

    synchronized void adopt(Tensor tensor) {
        checkOpen();
        owned.add(tensor);
    }

    /** Stops tracking a tensor that was closed or moved to another scope, so a long-lived scope does not grow. */
    synchronized void forget(Tensor tensor) {
        // Usually the most recent tensor: search from the end.
        for (int k = owned.size() - 1; k >= 0; k--) {
            if (owned.get(k) == tensor) {
                int last = owned.size() - 1;
                owned.set(k, owned.get(last));
                owned.remove(last);
                return;
            }
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("scope is closed");
        }
        if (thread != null && Thread.currentThread() != thread) {
            throw new IllegalStateException("a Scope is confined to the thread that opened it (" + thread.getName() + ")");
        }
    }

    /** Frees every tensor this scope still owns. Scopes must be closed innermost first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (thread != null) {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("a Scope is confined to the thread that opened it (" + thread.getName()
                        + "): close it there");
            }
            Deque<Scope> stack = OPEN.get();
            if (stack.peek() != this) {
                throw new IllegalStateException("scopes must be closed innermost first");
            }
            stack.pop();
        }
        closed = true;
        for (Tensor t : owned) {
            if (t.owner() == this) {
                t.free();
            }
        }
        owned.clear();
    }
}
