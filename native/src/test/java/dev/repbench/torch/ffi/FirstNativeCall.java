package dev.repbench.torch.ffi;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

/**
 * Run in a child JVM by {@link ShimAbiCheckTest}: makes a tensor, the first native call of the process, and prints
 * what it threw ("class: message") on standard output.
 */
public final class FirstNativeCall {
    private FirstNativeCall() {
    }

    public static void main(String[] args) {
        try (Scope scope = Scope.open()) {
            Tensor.of(new float[] {1f, 2f}, 2);
            System.out.println("no error");
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
