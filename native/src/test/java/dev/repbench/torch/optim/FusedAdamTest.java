package dev.repbench.torch.optim;

import dev.repbench.torch.DType;
import dev.repbench.torch.FusedAdam;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.TorchException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shim's fused Adam step ({@link AdamStep#fused}) against the operator sequence ({@link AdamStep#opSequence}):
 * the same bits after several steps, for Adam with and without its L2 term and for AdamW, on odd shapes, in float32
 * and float64, on a non-contiguous parameter. Measured: 0 ulp everywhere (the two call the same operators in the same
 * order), so the test asks for bit equality.
 */
class FusedAdamTest {
    private static final int STEPS = 6;
    private static final List<long[]> SHAPES = List.of(new long[] {1}, new long[] {7}, new long[] {3, 5, 2},
            new long[] {65, 33}, new long[] {2, 3, 4, 5}, new long[] {1031});

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("Adam", 3e-4, 0.0, false, DType.FLOAT32),
                Arguments.of("Adam, L2 0.1", 1e-2, 0.1, false, DType.FLOAT32),
                Arguments.of("AdamW 0.05", 1e-2, 0.05, true, DType.FLOAT32),
                Arguments.of("Adam, L2 0.1, float64", 1e-2, 0.1, false, DType.FLOAT64),
                Arguments.of("AdamW 0.01, float64", 3e-4, 0.01, true, DType.FLOAT64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fusedStepEqualsTheOperatorSequence(String name, double lr, double weightDecay, boolean decoupled, DType dtype) {
        for (long[] shape : SHAPES) {
            try (Scope _ = Scope.open(); GradMode _ = GradMode.disabled()) {
                Torch.manualSeed(Arrays.hashCode(shape));
                Tensor parameter = Tensor.randn(shape).to(dtype);
                Run fused = new Run(parameter);
                Run ops = new Run(parameter);
                for (int t = 1; t <= STEPS; t++) {
                    Tensor gradient = Tensor.randn(shape).to(dtype).mul(0.1 * t);
                    AdamStep.Scalars s = scalars(lr, weightDecay, decoupled, t);
                    AdamStep.fused(fused.parameter, gradient, fused.expAvg, fused.expAvgSq, s);
                    try (Scope _ = Scope.open()) {
                        AdamStep.opSequence(ops.parameter, gradient, ops.expAvg, ops.expAvgSq, null, s);
                    }
                }
                String where = name + ", shape " + Arrays.toString(shape);
                assertBitEqual(ops.parameter, fused.parameter, where + ", parameter");
                assertBitEqual(ops.expAvg, fused.expAvg, where + ", exp_avg");
                assertBitEqual(ops.expAvgSq, fused.expAvgSq, where + ", exp_avg_sq");
                assertFalse(Arrays.equals(parameter.toDoubleArray(), fused.parameter.toDoubleArray()), where + ": the parameter moved");
            }
        }
    }

    @Test
    void aNonContiguousParameterGetsTheSameBits() {
        try (Scope _ = Scope.open(); GradMode _ = GradMode.disabled()) {
            Torch.manualSeed(5);
            Tensor base = Tensor.randn(9, 13);
            Tensor fusedParameter = base.clone().transpose(0, 1);
            Tensor opsParameter = base.clone().transpose(0, 1);
            assertFalse(fusedParameter.isContiguous());
            Tensor m1 = Tensor.zeros(13, 9);
            Tensor v1 = Tensor.zeros(13, 9);
            Tensor m2 = Tensor.zeros(13, 9);
            Tensor v2 = Tensor.zeros(13, 9);
            for (int t = 1; t <= STEPS; t++) {
                Tensor gradient = Tensor.randn(9, 13).transpose(0, 1);
                AdamStep.Scalars s = scalars(1e-2, 0.1, false, t);
                AdamStep.fused(fusedParameter, gradient, m1, v1, s);
                AdamStep.opSequence(opsParameter, gradient, m2, v2, null, s);
            }
            assertBitEqual(opsParameter, fusedParameter, "transposed parameter");
            assertBitEqual(m2, m1, "exp_avg");
            assertBitEqual(v2, v1, "exp_avg_sq");
        }
    }

    @Test
    void runsWithoutAutogradOnALeafThatRequiresGrad() {
        // Outside GradMode.disabled(): an in-place update of such a leaf would be refused if the shim recorded it.
        try (Scope _ = Scope.open()) {
            Tensor parameter = Tensor.of(new float[] {1, -2, 3}, 3).requiresGrad(true);
            Tensor gradient = Tensor.of(new float[] {0.5f, 0.5f, -1}, 3);
            FusedAdam.step(parameter, gradient, Tensor.zeros(3), Tensor.zeros(3), 0.1, 0.9, 0.999, 1e-8, 0.0, false,
                    1 - 0.9, 1 - 0.999);
            assertTrue(parameter.requiresGrad());
            // The first step moves every element by lr against its gradient's sign.
            float[] w = parameter.toFloatArray();
            assertEquals(0.9f, w[0], 1e-6f);
            assertEquals(-2.1f, w[1], 1e-6f);
            assertEquals(3.1f, w[2], 1e-6f);
        }
    }

    @Test
    void tensorsOfDifferentShapesAreRefused() {
        try (Scope _ = Scope.open()) {
            Tensor parameter = Tensor.zeros(4, 3);
            Tensor broadcastable = Tensor.ones(3);
            TorchException e = assertThrows(TorchException.class, () -> FusedAdam.step(parameter, broadcastable,
                    Tensor.zeros(4, 3), Tensor.zeros(4, 3), 0.1, 0.9, 0.999, 1e-8, 0.0, false, 0.1, 0.001));
            assertEquals(TorchException.Code.ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("must have one shape"), e.getMessage());
            assertEquals(0.0, parameter.abs().sum().item(), "nothing was updated");
        }
    }

    private static AdamStep.Scalars scalars(double lr, double weightDecay, boolean decoupled, int t) {
        double beta1 = 0.9;
        double beta2 = 0.999;
        return new AdamStep.Scalars(lr, beta1, beta2, 1e-8, weightDecay, decoupled,
                1 - ExactMath.pow(beta1, t), 1 - ExactMath.pow(beta2, t));
    }

    /** A parameter's copy and its two moment buffers. */
    private static final class Run {
        final Tensor parameter;
        final Tensor expAvg;
        final Tensor expAvgSq;

        Run(Tensor initial) {
            parameter = initial.clone();
            expAvg = TensorMath.zerosLike(initial);
            expAvgSq = TensorMath.zerosLike(initial);
        }
    }

    /** Asserts the same bits, reporting the largest distance in ulps when they differ. */
    private static void assertBitEqual(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        double[] e = expected.toDoubleArray(); // float32 widens exactly
        double[] a = actual.toDoubleArray();
        long maxUlps = 0;
        for (int i = 0; i < e.length; i++) {
            maxUlps = Math.max(maxUlps, expected.dtype() == DType.FLOAT32 ? ulps((float) e[i], (float) a[i]) : ulps(e[i], a[i]));
        }
        assertEquals(0, maxUlps, what + ": the fused step differs from the operator sequence by up to " + maxUlps + " ulp");
    }

    private static long ulps(float x, float y) {
        return Math.abs(ordered(Float.floatToRawIntBits(x)) - ordered(Float.floatToRawIntBits(y)));
    }

    private static long ulps(double x, double y) {
        long a = Double.doubleToRawLongBits(x);
        long b = Double.doubleToRawLongBits(y);
        a = a < 0 ? Long.MIN_VALUE - a : a;
        b = b < 0 ? Long.MIN_VALUE - b : b;
        return Math.abs(a - b);
    }

    private static long ordered(int bits) {
        return bits < 0 ? (long) Integer.MIN_VALUE - bits : bits;
    }
}
