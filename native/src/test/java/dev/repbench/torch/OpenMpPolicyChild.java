package dev.repbench.torch;

/** A child JVM for {@link OpenMpPolicyTest}: loads libtorch and prints the wait policy RepBench says it runs with. */
public final class OpenMpPolicyChild {
    private OpenMpPolicyChild() {
    }

    public static void main(String[] args) {
        System.out.println("policy: " + Torch.openMpPolicy());
    }
}
