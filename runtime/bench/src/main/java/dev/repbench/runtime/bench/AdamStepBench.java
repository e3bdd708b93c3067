package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.optim.AdamStep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One Adam step (the study's head-training protocol: lr 3e-4, PyTorch's defaults otherwise) over about 6.2 M float32
 * parameters in 32 tensors, the size of the U-Net depth head's Adam: its three widest 3×3 convolutions with their
 * biases, and 26 small vectors (normalisation weights and biases). Two ways, interleaved round by round on separate
 * copies of the same parameters and state: the shim's fused call ({@link AdamStep#fused}, what {@code Adam} uses)
 * and the operator sequence ({@link AdamStep#opSequence}, one boxed call per operator), each parameter in its own
 * scope as {@code Optimizer.step()} does. Afterwards the two copies are compared bit for bit.
 */
public final class AdamStepBench {
    private static final int WARMUP = 2;
    private static final int ROUNDS = 9;
    private static final double LEARNING_RATE = 3e-4;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private AdamStepBench() {
    }

    public record Result(long parameters, int tensors, double fusedMs, double opSequenceMs, boolean identical) {
        public double speedup() {
            return opSequenceMs / fusedMs;
        }
    }

    /** The parameter shapes: 6.2 M elements in 32 tensors. */
    static List<long[]> shapes() {
        List<long[]> shapes = new ArrayList<>(List.of(
                new long[] {1024, 512, 3, 3}, new long[] {1024},
                new long[] {512, 256, 3, 3}, new long[] {512},
                new long[] {256, 128, 3, 3}, new long[] {256}));
        long[] widths = {64, 64, 128, 128, 256, 256, 512, 512, 64, 128, 256, 512, 1024};
        for (long width : widths) {
            shapes.add(new long[] {width}); // a normalisation layer's weight
            shapes.add(new long[] {width}); // and its bias
        }
        return shapes;
    }

    public static Result run(Device device, PrintStream out) {
        List<long[]> shapes = shapes();
        long count = shapes.stream().mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
        double[] fusedMs = new double[ROUNDS];
        double[] opsMs = new double[ROUNDS];
        boolean identical;
        try (Scope _ = Scope.open(); GradMode _ = GradMode.disabled()) {
            Torch.manualSeed(0);
            List<Tensor> gradients = new ArrayList<>();
            List<Tensor> initial = new ArrayList<>();
            for (long[] shape : shapes) {
                initial.add(Tensor.randn(DType.FLOAT32, device, shape).mul(0.05));
                gradients.add(Tensor.randn(DType.FLOAT32, device, shape).mul(1e-3));
            }
            State fused = new State(initial);
            State ops = new State(initial);
            for (int round = -WARMUP; round < ROUNDS; round++) {
                // Both copies take the same step t, so their results must stay equal.
                int t = round + WARMUP + 1;
                AdamStep.Scalars s = new AdamStep.Scalars(LEARNING_RATE, BETA1, BETA2, EPS, 0.0, false,
                        1 - Math.pow(BETA1, t), 1 - Math.pow(BETA2, t));
                double f = timeStep(fused, gradients, s, true, device);
                double o = timeStep(ops, gradients, s, false, device);
                if (round >= 0) {
                    fusedMs[round] = f;
                    opsMs[round] = o;
                }
            }
            identical = true;
            for (int i = 0; i < shapes.size(); i++) {
                identical &= Arrays.equals(fused.parameters.get(i).toFloatArray(), ops.parameters.get(i).toFloatArray())
                        && Arrays.equals(fused.expAvgSq.get(i).toFloatArray(), ops.expAvgSq.get(i).toFloatArray());
            }
        }
        Result r = new Result(count, shapes.size(), Timing.median(fusedMs), Timing.median(opsMs), identical);
        out.printf("%nAdam step, %.1f M float32 parameters in %d tensors on %s (lr 3e-4; median of %d interleaved rounds):%n",
                r.parameters() / 1e6, r.tensors(), device, ROUNDS);
        out.printf("  operator sequence (8 boxed calls a tensor)  %8.2f ms%n", r.opSequenceMs());
        out.printf("  fused (rb_adam_step, 1 call a tensor)       %8.2f ms   %.2fx faster, results %s%n", r.fusedMs(),
                r.speedup(), r.identical() ? "bit-identical" : "DIFFERENT (a bug: they must be bit-identical)");
        return r;
    }

    /** One step over every tensor, each in its own scope as {@code Optimizer.step()} does; milliseconds. */
    private static double timeStep(State state, List<Tensor> gradients, AdamStep.Scalars s, boolean fused, Device device) {
        long start = System.nanoTime();
        for (int i = 0; i < gradients.size(); i++) {
            try (Scope _ = Scope.open()) {
                if (fused) {
                    AdamStep.fused(state.parameters.get(i), gradients.get(i), state.expAvg.get(i), state.expAvgSq.get(i), s);
                } else {
                    AdamStep.opSequence(state.parameters.get(i), gradients.get(i), state.expAvg.get(i), state.expAvgSq.get(i), null, s);
                }
            }
        }
        Torch.synchronize(device);
        return (System.nanoTime() - start) / 1e6;
    }

    /** A copy of the parameters with zeroed moments. */
    private static final class State {
        final List<Tensor> parameters = new ArrayList<>();
        final List<Tensor> expAvg = new ArrayList<>();
        final List<Tensor> expAvgSq = new ArrayList<>();

        State(List<Tensor> initial) {
            for (Tensor p : initial) {
                parameters.add(p.clone());
                expAvg.add(Tensor.zeros(p.dtype(), p.device(), p.shape()));
                expAvgSq.add(Tensor.zeros(p.dtype(), p.device(), p.shape()));
            }
        }
    }
}
