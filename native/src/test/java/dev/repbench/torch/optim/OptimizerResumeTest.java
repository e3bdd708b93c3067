package dev.repbench.torch.optim;

import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A run checkpointed after 5 steps and resumed (fresh parameters holding the checkpointed values, a new optimizer,
 * {@code loadStateDict}) ends bit for bit where 10 uninterrupted steps end. float32, scheduled learning rate,
 * biases excluded from decay and adaptation.
 */
class OptimizerResumeTest {
    private static final GoldenProblem PROBLEM = GoldenProblem.load();
    private static final int STEPS = 10;
    private static final int CHECKPOINT = 5;
    private static final LearningRateSchedule SCHEDULE = new CosineSchedule(0.01, 0.1, 0.001, 3, STEPS);

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("SGD, Nesterov", (Function<List<ParameterGroup>, Optimizer>) g ->
                        new SGD(g, SGD.Options.of(0.1).momentum(0.9).nesterov(true).weightDecay(0.01))),
                Arguments.of("SGD, dampening", (Function<List<ParameterGroup>, Optimizer>) g ->
                        new SGD(g, SGD.Options.of(0.1).momentum(0.9).dampening(0.1))),
                Arguments.of("Adam, AMSGrad", (Function<List<ParameterGroup>, Optimizer>) g ->
                        new Adam(g, AdamOptions.adam(0.1).betas(0.8, 0.9).weightDecay(0.1).amsgrad(true))),
                Arguments.of("AdamW", (Function<List<ParameterGroup>, Optimizer>) g ->
                        new AdamW(g, AdamOptions.adamW(0.1))),
                Arguments.of("LARS", (Function<List<ParameterGroup>, Optimizer>) g ->
                        new LARS(g, LARS.Options.of(0.1).weightDecay(0.1).trustCoefficient(0.5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumedRunEqualsUninterruptedRun(String name, Function<List<ParameterGroup>, Optimizer> optimizerOver) {
        try (Scope _ = Scope.open()) {
            Map<String, Tensor> uninterrupted = PROBLEM.newParameters(DType.FLOAT32);
            try (Optimizer optimizer = optimizerOver.apply(groups(uninterrupted))) {
                train(optimizer, uninterrupted, 0, STEPS);
            }

            Map<String, Tensor> beforeCheckpoint = PROBLEM.newParameters(DType.FLOAT32);
            Map<String, Tensor> checkpoint;
            try (Optimizer optimizer = optimizerOver.apply(groups(beforeCheckpoint))) {
                train(optimizer, beforeCheckpoint, 0, CHECKPOINT);
                checkpoint = optimizer.stateDict();
            }
            Map<String, Tensor> resumed = restoredParameters(beforeCheckpoint);
            try (Optimizer optimizer = optimizerOver.apply(groups(resumed))) {
                optimizer.loadStateDict(checkpoint);
                train(optimizer, resumed, CHECKPOINT, STEPS);
            }

            Map<String, Tensor> resumedWithoutState = restoredParameters(beforeCheckpoint);
            try (Optimizer optimizer = optimizerOver.apply(groups(resumedWithoutState))) {
                train(optimizer, resumedWithoutState, CHECKPOINT, STEPS);
            }

            for (String p : PROBLEM.names()) {
                assertArrayEquals(uninterrupted.get(p).toFloatArray(), resumed.get(p).toFloatArray(), name + ", " + p);
            }
            // The optimizer state matters here, so the equality above is not trivial.
            assertFalse(Arrays.equals(uninterrupted.get("weight").toFloatArray(),
                    resumedWithoutState.get("weight").toFloatArray()), name + ": a resume without the state differs");
        }
    }

    private static void train(Optimizer optimizer, Map<String, Tensor> parameters, int fromStep, int toStep) {
        for (int step = fromStep; step < toStep; step++) {
            try (Scope _ = Scope.open()) {
                optimizer.setLearningRate(SCHEDULE.at(step));
                optimizer.zeroGrad();
                PROBLEM.loss(parameters).backward();
                optimizer.step();
            }
        }
    }

    /** The weight in one group; the bias and the gain (one-dimensional) excluded from decay and adaptation. */
    private static List<ParameterGroup> groups(Map<String, Tensor> parameters) {
        return ParameterGroup.excludingBiasesAndNorms(List.copyOf(parameters.values()));
    }

    /** New leaf parameters holding copies of the values, as if loaded from a checkpoint. */
    private static Map<String, Tensor> restoredParameters(Map<String, Tensor> saved) {
        Map<String, Tensor> restored = new LinkedHashMap<>();
        saved.forEach((name, p) -> restored.put(name, p.detach().clone().requiresGrad(true)));
        return restored;
    }
}
