package dev.repbench.torch;

/** A child JVM for {@link BlasKernelsTest}: loads libtorch and prints the BLAS kernels RepBench says it runs. */
public final class BlasKernelsChild {
    private BlasKernelsChild() {
    }

    public static void main(String[] args) {
        System.out.println("kernels: " + Torch.blasKernels());
    }
}
