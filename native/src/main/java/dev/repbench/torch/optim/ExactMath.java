package dev.repbench.torch.optim;

import java.math.BigDecimal;
import java.math.MathContext;

/** Scalar arithmetic whose result does not depend on the JVM or the machine. */
final class ExactMath {
    // Far more digits than a double holds: the rounding to double below is then correct for any realistic input.
    private static final MathContext WORKING_PRECISION = new MathContext(60);

    private ExactMath() {
    }

    /**
     * {@code base^exponent} correctly rounded to a double. {@link Math#pow} may differ by an ulp between JVMs and
     * architectures and {@link StrictMath#pow} differs from C's {@code pow} (which PyTorch's Python side uses)
     * in the last bit for values as plain as 0.9⁴. The correctly rounded power is the same everywhere and equal to
     * what glibc's pow returns in practice, so Adam's bias corrections match PyTorch's bit for bit.
     */
    static double pow(double base, long exponent) {
        if (exponent < 0 || exponent > 999_999_999) {
            throw new IllegalArgumentException("exponent out of range: " + exponent);
        }
        return new BigDecimal(base).pow((int) exponent, WORKING_PRECISION).doubleValue();
    }
}
