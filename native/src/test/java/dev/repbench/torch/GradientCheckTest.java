package dev.repbench.torch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that autograd through the boxed operator path computes correct gradients: every operator family on
 * {@link Tensor}, and the nn operators called through {@link Op#of}, against float64 central finite differences.
 */
class GradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-8;

    private Scope scope;
    private final Random random = new Random(20240601);

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @BeforeEach
    void open() {
        scope = Scope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    // ================================================================ the helper

    /** A function of tensors; its output (any shape) is projected to R by fixed random weights. */
    @FunctionalInterface
    interface Fn {
        Tensor apply(Tensor... x);
    }

    /** One float64 input of the function under test. */
    record Input(double[] data, long[] shape) {
    }

    /**
     * Checks the gradient of {@code y = sum(f(x) * w)} (w fixed random weights, so every output element matters)
     * with respect to every element of every input: autograd against central differences with step {@link #EPS}.
     */
    static void gradcheck(String name, Fn f, Input... inputs) {
        try (Scope s = Scope.open()) {
            Tensor[] leaves = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = Tensor.of(inputs[i].data(), inputs[i].shape()).requiresGrad(true);
            }
            Tensor out = f.apply(leaves);
            assertEquals(DType.FLOAT64, out.dtype(), name + ": output dtype");
            assertTrue(out.requiresGrad(), name + ": output does not require grad");
            Random weights = new Random(name.hashCode());
            double[] w = new double[Math.toIntExact(out.numel())];
            for (int k = 0; k < w.length; k++) {
                w[k] = weights.nextDouble() * 2 - 1;
            }
            Tensor wt = Tensor.of(w, out.shape());
            out.mul(wt).sum().backward();

            double worst = 0;
            for (int i = 0; i < inputs.length; i++) {
                Tensor g = leaves[i].grad();
                assertNotNull(g, name + ": no gradient reached input " + i);
                double[] analytic = g.toDoubleArray();
                assertEquals(inputs[i].data().length, analytic.length, name + ": gradient size of input " + i);
                for (int j = 0; j < analytic.length; j++) {
                    double numeric = (evaluate(f, inputs, i, j, +EPS, wt) - evaluate(f, inputs, i, j, -EPS, wt)) / (2 * EPS);
                    double error = Math.abs(analytic[j] - numeric);
                    worst = Math.max(worst, error / (ATOL + RTOL * Math.abs(numeric)));
                    if (error > ATOL + RTOL * Math.abs(numeric)) {
                        throw new AssertionFailedError(name + ": d/d input" + i + Arrays.toString(inputs[i].shape()) + "[" + j
                                + "]: autograd " + analytic[j] + ", finite differences " + numeric + " (|diff| " + error + ")");
                    }
                }
            }
            assertTrue(worst <= 1, name);
        }
    }

    /** f at the inputs with element j of input i moved by delta, projected by w; under no-grad. */
    private static double evaluate(Fn f, Input[] inputs, int i, int j, double delta, Tensor w) {
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            Tensor[] x = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                double[] data = inputs[k].data();
                if (k == i) {
                    data = data.clone();
                    data[j] += delta;
                }
                x[k] = Tensor.of(data, inputs[k].shape());
            }
            return f.apply(x).mul(w).sum().item();
        }
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Values of either sign with magnitude in [0.2, 1.5]: away from the kinks at 0. */
    private Input in(long... shape) {
        double[] d = new double[Math.toIntExact(numel(shape))];
        for (int k = 0; k < d.length; k++) {
            d[k] = (random.nextBoolean() ? 1 : -1) * (0.2 + 1.3 * random.nextDouble());
        }
        return new Input(d, shape);
    }

    /** Values in [0.5, 2]. */
    private Input positive(long... shape) {
        double[] d = new double[Math.toIntExact(numel(shape))];
        for (int k = 0; k < d.length; k++) {
            d[k] = 0.5 + 1.5 * random.nextDouble();
        }
        return new Input(d, shape);
    }

    /** Distinct values at least 0.05 apart, shuffled: no ties for max or max-pooling. */
    private Input distinct(long... shape) {
        int n = Math.toIntExact(numel(shape));
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = -1 + 0.1 * k + 0.05 * random.nextDouble();
        }
        for (int k = n - 1; k > 0; k--) {
            int r = random.nextInt(k + 1);
            double t = d[k];
            d[k] = d[r];
            d[r] = t;
        }
        return new Input(d, shape);
    }

    private static Input fixed(double[] data, long... shape) {
        return new Input(data, shape);
    }

    @Test
    void helperRejectsAWrongGradient() {
        // x.detach() * x: autograd sees d/dx = x, the true derivative is 2x. The helper must notice.
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> gradcheck("wrong", x -> x[0].detach().mul(x[0]), in(2, 3)));
        assertTrue(e.getMessage().contains("finite differences"), e.getMessage());
        // ... and a gradient that never reaches an input.
        assertThrows(AssertionFailedError.class, () -> gradcheck("cut", x -> x[0].mul(x[1].detach()), in(3), in(3)));
    }

    // ================================================================ elementwise arithmetic

    @Test
    void arithmetic() {
        gradcheck("add", x -> x[0].add(x[1]), in(2, 3), in(2, 3));
        gradcheck("add broadcast [2,3]+[3]", x -> x[0].add(x[1]), in(2, 3), in(3));
        gradcheck("sub broadcast [2,1]-[1,3]", x -> x[0].sub(x[1]), in(2, 1), in(1, 3));
        gradcheck("mul", x -> x[0].mul(x[1]), in(2, 3), in(2, 3));
        gradcheck("mul broadcast [2,3,2]*[3,1]", x -> x[0].mul(x[1]), in(2, 3, 2), in(3, 1));
        gradcheck("div", x -> x[0].div(x[1]), in(2, 3), in(2, 3));
        gradcheck("div broadcast [3]/[2,1]", x -> x[0].div(x[1]), in(3), in(2, 1));
        gradcheck("scalar add/sub/mul/div", x -> x[0].add(0.5).sub(2.0).mul(-1.5).div(0.7), in(2, 3));
        gradcheck("neg", x -> x[0].neg(), in(4));
        gradcheck("maximum/minimum", x -> x[0].maximum(x[1]).add(x[0].minimum(x[1]).mul(3)), distinct(6), in(6));
    }

    @Test
    void pointwiseFunctions() {
        gradcheck("pow 2.5", x -> x[0].pow(2.5), positive(2, 3));
        gradcheck("pow 3", x -> x[0].pow(3), in(2, 3));
        gradcheck("sqrt", x -> x[0].sqrt(), positive(2, 3));
        gradcheck("rsqrt", x -> x[0].rsqrt(), positive(5));
        gradcheck("exp", x -> x[0].exp(), in(2, 3));
        gradcheck("log", x -> x[0].log(), positive(2, 3));
        gradcheck("abs", x -> x[0].abs(), in(2, 3));
        gradcheck("clamp", x -> x[0].clamp(-0.5, 0.5),
                fixed(new double[] {-1.2, -0.3, 0.1, 0.7, 1.4, -0.8, 0.45, -0.45}, 2, 4));
        gradcheck("clampMin", x -> x[0].clampMin(0.3), fixed(new double[] {-1.2, 0.1, 0.7, 1.4, 0.25, 0.35}, 6));
    }

    // ================================================================ linear algebra

    @Test
    void matrixProducts() {
        gradcheck("mm", x -> x[0].mm(x[1]), in(2, 3), in(3, 4));
        gradcheck("matmul 2d", x -> x[0].matmul(x[1]), in(3, 2), in(2, 3));
        gradcheck("matmul batched x 2d", x -> x[0].matmul(x[1]), in(2, 2, 3), in(3, 2));
        gradcheck("matmul vector", x -> x[0].matmul(x[1]), in(3), in(3, 2));
        gradcheck("matmul dot", x -> x[0].matmul(x[1]), in(4), in(4));
        gradcheck("bmm", x -> x[0].bmm(x[1]), in(2, 2, 3), in(2, 3, 2));
        gradcheck("t", x -> x[0].t().mm(x[1]), in(3, 2), in(3, 2));
    }

    // ================================================================ reductions

    @Test
    void reductions() {
        gradcheck("sum", x -> x[0].sum(), in(2, 3));
        gradcheck("sum dim", x -> x[0].sum(1, false), in(2, 3, 2));
        gradcheck("sum dims keepdim", x -> x[0].sum(new long[] {0, 2}, true), in(2, 3, 2));
        gradcheck("mean", x -> x[0].mean(), in(2, 3));
        gradcheck("mean dim", x -> x[0].mean(0, true), in(3, 2));
        gradcheck("mean dims", x -> x[0].mean(new long[] {1, 2}, false), in(2, 2, 3));
        gradcheck("var", x -> x[0].var(new long[] {1}, false), in(2, 4));
        gradcheck("var keepdim", x -> x[0].var(new long[] {0, 1}, true), in(3, 3));
        gradcheck("max dim", x -> x[0].max(1, false), distinct(3, 4));
        gradcheck("max dim keepdim", x -> x[0].max(0, true), distinct(3, 4));
        gradcheck("max", x -> x[0].max(), distinct(2, 3));
        gradcheck("min", x -> x[0].min(), distinct(2, 3));
        gradcheck("norm 2", x -> x[0].norm(2, new long[] {1}, false), in(2, 4));
        gradcheck("norm 3 keepdim", x -> x[0].norm(3, new long[] {0}, true), in(3, 2));
        gradcheck("norm 1", x -> x[0].norm(1, new long[] {0, 1}, false), in(2, 3));
        gradcheck("logsumexp", x -> x[0].logsumexp(1, false), in(2, 4));
        gradcheck("logsumexp keepdim", x -> x[0].logsumexp(0, true), in(3, 2));
    }

    // ================================================================ activations

    @Test
    void activations() {
        gradcheck("relu", x -> x[0].relu(), in(3, 4));
        gradcheck("sigmoid", x -> x[0].sigmoid(), in(3, 4));
        gradcheck("tanh", x -> x[0].tanh(), in(3, 4));
        gradcheck("softmax dim 1", x -> x[0].softmax(1), in(2, 4));
        gradcheck("softmax dim 0", x -> x[0].softmax(0), in(3, 2));
        gradcheck("logSoftmax dim 1", x -> x[0].logSoftmax(1), in(2, 4));
        gradcheck("logSoftmax dim -1 of 3d", x -> x[0].logSoftmax(-1), in(2, 2, 3));
    }

    // ================================================================ shape ops

    @Test
    void shapeOps() {
        gradcheck("reshape", x -> x[0].reshape(3, 2).mm(x[1]), in(2, 3), in(2, 2));
        gradcheck("view/flatten", x -> x[0].view(6, 2).flatten(0, 1).mul(x[0].reshape(12)), in(2, 3, 2));
        gradcheck("permute", x -> x[0].permute(2, 0, 1).mul(x[1]), in(2, 3, 4), in(4, 2, 3));
        gradcheck("transpose", x -> x[0].transpose(0, 2).contiguous().mul(x[1]), in(2, 3, 2), in(2, 3, 2));
        gradcheck("narrow", x -> x[0].narrow(1, 1, 2).mul(x[0].narrow(1, 0, 2)), in(2, 4));
        gradcheck("select", x -> x[0].select(1, 2).mul(x[0].select(0, 0).narrow(0, 0, 2)), in(2, 3));
        gradcheck("squeeze/unsqueeze", x -> x[0].unsqueeze(1).mul(x[1]).squeeze(1), in(2, 3), in(2, 1, 3));
        gradcheck("cat", x -> Tensor.cat(List.of(x[0], x[1].mul(x[1]), x[0]), 1), in(2, 2), in(2, 3));
        gradcheck("stack", x -> Tensor.stack(List.of(x[0], x[1].exp()), 0), in(2, 3), in(2, 3));
        gradcheck("stack dim 2", x -> Tensor.stack(List.of(x[0], x[1], x[0].mul(x[1])), 2), in(2, 2), in(2, 2));
        gradcheck("expand", x -> x[0].expand(3, 4).mul(x[1]), in(3, 1), in(3, 4));
        Tensor rows = Tensor.of(new long[] {2, 0, 2, 1}, 4);
        gradcheck("indexSelect", x -> x[0].indexSelect(0, rows), in(3, 2));
        gradcheck("indexSelect dim 1", x -> x[0].indexSelect(1, rows).mul(x[1]), in(2, 3), in(2, 4));
        Tensor index = Tensor.of(new long[] {0, 2, 2, 1, 0, 0}, 2, 3);
        gradcheck("gather", x -> x[0].gather(1, index), in(2, 4));
        gradcheck("flip", x -> x[0].flip(0, 1).mul(x[1]), in(2, 3), in(2, 3));
        gradcheck("roll", x -> x[0].roll(2, 1).mul(x[1]), in(2, 5), in(2, 5));
        gradcheck("roll negative dim 0", x -> x[0].roll(-1, 0).mul(x[0]), in(3, 2));
        gradcheck("chunk", x -> {
            List<Tensor> c = x[0].chunk(3, 1);
            assertEquals(3, c.size());
            return Tensor.cat(List.of(c.get(2), c.get(0).mul(c.get(0)), c.get(1).mul(3)), 1);
        }, in(2, 7));
        gradcheck("clone/contiguous", x -> x[0].t().clone().contiguous().mul(x[0].t()), in(2, 3));
    }

    // ================================================================ nn operators through Op.of

    private static final Op CONV2D = Op.of("aten::conv2d");
    private static final Op BATCH_NORM = Op.of("aten::batch_norm");
    private static final Op MAX_POOL2D = Op.of("aten::max_pool2d");
    private static final Op ADAPTIVE_AVG_POOL2D = Op.of("aten::adaptive_avg_pool2d");
    private static final Op UPSAMPLE_BILINEAR2D = Op.of("aten::upsample_bilinear2d");
    private static final Op PIXEL_SHUFFLE = Op.of("aten::pixel_shuffle");
    private static final Op LEAKY_RELU = Op.of("aten::leaky_relu");
    private static final Op CROSS_ENTROPY = Op.of("aten::cross_entropy_loss");
    private static final Op L1_LOSS = Op.of("aten::l1_loss");
    private static final Op BCE_WITH_LOGITS = Op.of("aten::binary_cross_entropy_with_logits");

    @Test
    void conv2d() {
        gradcheck("conv2d pad 1 + bias", x -> CONV2D.call1(x[0], x[1], x[2], new long[] {1, 1}, new long[] {1, 1}),
                in(1, 2, 4, 4), in(3, 2, 3, 3), in(3));
        gradcheck("conv2d stride 2 no bias", x -> CONV2D.call1(x[0], x[1], null, new long[] {2, 2}),
                in(2, 2, 5, 5), in(2, 2, 3, 3));
        gradcheck("conv2d groups 2 dilation 2", x -> CONV2D.call1(x[0], x[1], x[2], new long[] {1, 1}, new long[] {0, 0},
                new long[] {2, 2}, 2L), in(1, 4, 5, 5), in(2, 2, 2, 2), in(2));
    }

    @Test
    void batchNorm() {
        gradcheck("batch_norm training", x -> BATCH_NORM.call1(x[0], x[1], x[2], null, null, true, 0.1, 1e-5, false),
                in(3, 2, 2, 2), positive(2), in(2));
        Tensor runningMean = Tensor.of(new double[] {0.1, -0.2}, 2);
        Tensor runningVar = Tensor.of(new double[] {0.8, 1.3}, 2);
        gradcheck("batch_norm eval", x -> BATCH_NORM.call1(x[0], x[1], x[2], runningMean, runningVar, false, 0.1, 1e-5, false),
                in(2, 2, 2, 2), positive(2), in(2));
    }

    @Test
    void pooling() {
        gradcheck("max_pool2d 2x2", x -> MAX_POOL2D.call1(x[0], new long[] {2, 2}), distinct(1, 2, 4, 4));
        gradcheck("max_pool2d 3x3 stride 2 pad 1", x -> MAX_POOL2D.call1(x[0], new long[] {3, 3}, new long[] {2, 2},
                new long[] {1, 1}), distinct(1, 1, 5, 5));
        gradcheck("adaptive_avg_pool2d 5x5->2x3", x -> ADAPTIVE_AVG_POOL2D.call1(x[0], new long[] {2, 3}), in(1, 2, 5, 5));
        gradcheck("adaptive_avg_pool2d global", x -> ADAPTIVE_AVG_POOL2D.call1(x[0], new long[] {1, 1}), in(2, 2, 3, 3));
    }

    @Test
    void resampling() {
        gradcheck("upsample_bilinear2d", x -> UPSAMPLE_BILINEAR2D.call1(x[0], new long[] {5, 7}, false), in(1, 2, 3, 3));
        gradcheck("upsample_bilinear2d align_corners", x -> UPSAMPLE_BILINEAR2D.call1(x[0], new long[] {4, 5}, true), in(1, 1, 2, 3));
        gradcheck("pixel_shuffle", x -> PIXEL_SHUFFLE.call1(x[0], 2L).mul(x[1]), in(1, 8, 2, 2), in(1, 2, 4, 4));
        gradcheck("leaky_relu", x -> LEAKY_RELU.call1(x[0], 0.2), in(3, 4));
        gradcheck("leaky_relu default slope", x -> LEAKY_RELU.call1(x[0]), in(6));
    }

    @Test
    void losses() {
        Tensor target = Tensor.of(new long[] {2, 0, 3}, 3);
        gradcheck("cross_entropy_loss", x -> CROSS_ENTROPY.call1(x[0], target), in(3, 4));
        Tensor classWeight = Tensor.of(new double[] {0.5, 1.0, 2.0, 1.5}, 4);
        gradcheck("cross_entropy_loss weight + smoothing", x -> CROSS_ENTROPY.call1(x[0], target, classWeight, 1L, -100L, 0.1),
                in(3, 4));
        Tensor pixelTarget = Tensor.of(new long[] {0, 1, 2, 1, 0, 2, 2, 1}, 2, 2, 2);
        gradcheck("cross_entropy_loss 2d sum, ignore_index", x -> CROSS_ENTROPY.call1(x[0], pixelTarget, null, 2L, 1L),
                in(2, 3, 2, 2));

        Input self = in(2, 3);
        double[] t = self.data().clone();
        for (int k = 0; k < t.length; k++) {
            t[k] += (k % 2 == 0 ? 1 : -1) * (0.2 + 0.1 * k);
        }
        gradcheck("l1_loss", x -> L1_LOSS.call1(x[0], x[1]), self, fixed(t, 2, 3));
        gradcheck("l1_loss sum", x -> L1_LOSS.call1(x[0], x[1], 2L), self, fixed(t, 2, 3));

        Input probabilities = fixed(new double[] {0.0, 1.0, 0.3, 0.9, 0.5, 0.1}, 2, 3);
        gradcheck("binary_cross_entropy_with_logits", x -> BCE_WITH_LOGITS.call1(x[0], x[1]), in(2, 3), probabilities);
        Tensor posWeight = Tensor.of(new double[] {1.0, 2.0, 0.5}, 3);
        gradcheck("binary_cross_entropy_with_logits pos_weight", x -> BCE_WITH_LOGITS.call1(x[0], x[1], null, posWeight),
                in(2, 3), probabilities);
        // libtorch does not differentiate with respect to `weight`: a constant here.
        Tensor elementWeight = Tensor.of(positive(2, 3).data(), 2, 3);
        gradcheck("binary_cross_entropy_with_logits weight, none", x -> BCE_WITH_LOGITS.call1(x[0], x[1], elementWeight, null, 0L),
                in(2, 3), probabilities);
    }

    @Test
    void composedNetwork() {
        // A small conv net end to end: conv -> bn -> leaky relu -> pool -> linear -> cross entropy.
        Tensor target = Tensor.of(new long[] {1, 0}, 2);
        gradcheck("tiny network", x -> {
            Tensor h = CONV2D.call1(x[0], x[1], null, new long[] {1, 1}, new long[] {1, 1});
            h = BATCH_NORM.call1(h, null, null, null, null, true, 0.1, 1e-5, false);
            h = LEAKY_RELU.call1(h, 0.1);
            h = ADAPTIVE_AVG_POOL2D.call1(h, new long[] {1, 1}).flatten(1, 3);
            return CROSS_ENTROPY.call1(h.mm(x[2]), target);
        }, in(2, 1, 3, 3), in(2, 1, 2, 2), in(2, 3));
    }
}
