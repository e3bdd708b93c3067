package dev.repbench.torch.ffi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which processors RepBench pins OpenBLAS's Haswell kernels on: those whose flags name AVX2 and FMA. */
class BlasKernelsProcessorTest {
    @Test
    void aProcessorWithAvx2AndFmaRunsThePinnedKernels() {
        assertTrue(BlasKernels.runsPinnedKernels(" fpu sse2 avx fma avx2 avx512f avx512_bf16"));   // Zen 4's kind
        assertTrue(BlasKernels.runsPinnedKernels("fma avx2"));
    }

    @Test
    void oneWithoutEitherOrWithoutFlagsIsLeftToOpenBlas() {
        assertFalse(BlasKernels.runsPinnedKernels("fpu sse2 avx"));             // Sandy Bridge: no AVX2
        assertFalse(BlasKernels.runsPinnedKernels("fpu sse2 avx avx2"));        // no FMA
        assertFalse(BlasKernels.runsPinnedKernels("fpu sse2 avx fma4 avx2x"));  // no flag named exactly
        assertFalse(BlasKernels.runsPinnedKernels(""));                         // not Linux, or ARM: no x86 flags
    }
}
