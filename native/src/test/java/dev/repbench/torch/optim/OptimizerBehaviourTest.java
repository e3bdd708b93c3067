package dev.repbench.torch.optim;

import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the optimizers promise besides their update rules: gradients, state ownership, state dicts, groups. */
class OptimizerBehaviourTest {

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    /** A leaf parameter requiring gradients, float64. */
    private static Tensor parameter(double... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    /** Backpropagates {@code Σ p²} for each given parameter (gradient 2p). */
    private static void backwardSquares(Tensor... parameters) {
        try (Scope _ = Scope.open()) {
            Tensor loss = null;
            for (Tensor p : parameters) {
                Tensor term = p.mul(p).sum();
                loss = loss == null ? term : loss.add(term);
            }
            loss.backward();
        }
    }

    @Test
    void aParameterWithoutGradientIsLeftAloneAndGetsNoState() {
        try (Scope _ = Scope.open()) {
            Tensor used = parameter(1.0, 2.0);
            Tensor unused = parameter(3.0, 4.0);
            try (Adam adam = new Adam(ParameterGroup.all(List.of(used, unused)), AdamOptions.adam(0.1))) {
                backwardSquares(used);
                adam.step();
                assertArrayEquals(new double[] {3.0, 4.0}, unused.toDoubleArray());
                assertFalse(Arrays.equals(new double[] {1.0, 2.0}, used.toDoubleArray()));
                assertEquals(Set.of("learning_rate", "state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq"),
                        adam.stateDict().keySet());
            }
        }
    }

    @Test
    void zeroGradDropsTheGradients() {
        try (Scope _ = Scope.open()) {
            Tensor p = parameter(1.0, 2.0);
            try (SGD sgd = new SGD(ParameterGroup.all(List.of(p)), SGD.Options.of(0.1))) {
                backwardSquares(p);
                assertNotNull(p.grad());
                sgd.zeroGrad();
                assertNull(p.grad());
            }
        }
    }

    @Test
    void stepRecordsNoAutogradHistoryAndKeepsParametersLeaves() {
        try (Scope _ = Scope.open()) {
            Tensor p = parameter(1.0, -2.0);
            try (SGD sgd = new SGD(ParameterGroup.all(List.of(p)), SGD.Options.of(0.25).momentum(0.5))) {
                for (int i = 0; i < 3; i++) {
                    sgd.zeroGrad();
                    backwardSquares(p);
                    sgd.step();
                    assertTrue(GradMode.isEnabled(), "step() restores the grad mode");
                }
                // Recording an in-place update of a leaf that requires gradients would have thrown in step().
                // g = 2p; buf = g, then 0.5·buf + g; p ← p − 0.25·buf. First element: buf 2, 2, 1 and
                // p 1 → 0.5 → 0 → −0.25; the second is −2 times that. All exact in binary.
                assertArrayEquals(new double[] {-0.25, 0.5}, p.toDoubleArray());
                assertTrue(p.requiresGrad());
            }
        }
    }

    @Test
    void theStateDictIsACopyAndCountsSteps() {
        try (Scope _ = Scope.open()) {
            Tensor p = parameter(1.0, 2.0);
            try (SGD sgd = new SGD(ParameterGroup.all(List.of(p)), SGD.Options.of(0.1).momentum(0.9))) {
                backwardSquares(p);
                sgd.step();
                Map<String, Tensor> afterOne = sgd.stateDict();
                double[] bufferAfterOne = afterOne.get("state.0.momentum_buffer").toDoubleArray();
                sgd.zeroGrad();
                backwardSquares(p);
                sgd.step();
                assertArrayEquals(bufferAfterOne, afterOne.get("state.0.momentum_buffer").toDoubleArray());
                assertEquals(1, afterOne.get("state.0.step").toLongArray()[0]);
                assertEquals(2, sgd.stateDict().get("state.0.step").toLongArray()[0]);
                assertEquals(0.1, afterOne.get("learning_rate").item());
            }
        }
    }

    @Test
    void loadStateDictRestoresTheLearningRate() {
        try (Scope _ = Scope.open()) {
            Tensor p = parameter(1.0);
            try (SGD first = new SGD(ParameterGroup.all(List.of(p)), SGD.Options.of(0.1));
                 SGD second = new SGD(ParameterGroup.all(List.of(p)), SGD.Options.of(0.5))) {
                first.setLearningRate(0.02);
                second.loadStateDict(first.stateDict());
                assertEquals(0.02, second.learningRate());
            }
        }
    }

    @Test
    void loadStateDictRejectsAStateOfAnotherShapeOrKindAndKeepsItsOwn() {
        try (Scope _ = Scope.open()) {
            Tensor p = parameter(1.0, 2.0);
            Tensor other = parameter(1.0, 2.0, 3.0);
            try (SGD momentum = new SGD(ParameterGroup.all(List.of(p)), SGD.Options.of(0.1).momentum(0.9));
                 Adam adam = new Adam(ParameterGroup.all(List.of(p)), AdamOptions.adam(0.1));
                 SGD otherShape = new SGD(ParameterGroup.all(List.of(other)), SGD.Options.of(0.1).momentum(0.9))) {
                backwardSquares(p, other);
                momentum.step();
                adam.step();
                otherShape.step();
                Map<String, Tensor> sgdState = momentum.stateDict();
                double[] adamMomentBefore = adam.stateDict().get("state.0.exp_avg").toDoubleArray();

                assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(sgdState));
                assertArrayEquals(adamMomentBefore, adam.stateDict().get("state.0.exp_avg").toDoubleArray());
                assertThrows(IllegalArgumentException.class, () -> otherShape.loadStateDict(sgdState));

                Map<String, Tensor> missingBuffer = new HashMap<>(sgdState);
                missingBuffer.remove("state.0.momentum_buffer");
                assertThrows(IllegalArgumentException.class, () -> momentum.loadStateDict(missingBuffer));

                Map<String, Tensor> extraParameter = new HashMap<>(sgdState);
                extraParameter.put("state.7.step", Tensor.of(new long[] {1}));
                assertThrows(IllegalArgumentException.class, () -> momentum.loadStateDict(extraParameter));

                Map<String, Tensor> noLearningRate = new HashMap<>(sgdState);
                noLearningRate.remove("learning_rate");
                assertThrows(IllegalArgumentException.class, () -> momentum.loadStateDict(noLearningRate));
            }
        }
    }

    @Test
    void loadStateDictConvertsBuffersToTheParameterDtype() {
        try (Scope _ = Scope.open()) {
            Tensor p64 = parameter(1.0, 2.0);
            Tensor p32 = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
            try (SGD source = new SGD(ParameterGroup.all(List.of(p64)), SGD.Options.of(0.1).momentum(0.9));
                 SGD target = new SGD(ParameterGroup.all(List.of(p32)), SGD.Options.of(0.1).momentum(0.9))) {
                backwardSquares(p64);
                source.step();
                target.loadStateDict(source.stateDict());
                Tensor buffer = target.stateDict().get("state.0.momentum_buffer");
                assertEquals(DType.FLOAT32, buffer.dtype());
                assertArrayEquals(new float[] {2f, 4f}, buffer.toFloatArray());
            }
        }
    }

    @Test
    void aClosedOptimizerFreesItsStateAndRefusesWork() {
        try (Scope _ = Scope.open()) {
            Tensor p = parameter(1.0, 2.0);
            SGD sgd = new SGD(ParameterGroup.all(List.of(p)), SGD.Options.of(0.1).momentum(0.9));
            backwardSquares(p);
            sgd.step();
            sgd.close();
            sgd.close();
            assertThrows(IllegalStateException.class, sgd::step);
            assertThrows(IllegalStateException.class, sgd::stateDict);
            assertArrayEquals(new double[] {0.8, 1.6}, p.toDoubleArray(), 1e-15);
        }
    }

    @Test
    void biasesAndNormsAreSplitOffByDimension() {
        try (Scope _ = Scope.open()) {
            Tensor conv = Tensor.zeros(4, 3, 3, 3);
            Tensor linear = Tensor.zeros(10, 4);
            Tensor bias = Tensor.zeros(10);
            Tensor bnScale = Tensor.ones(4);
            List<ParameterGroup> groups = ParameterGroup.excludingBiasesAndNorms(List.of(conv, bias, linear, bnScale));
            assertEquals(List.of(ParameterGroup.of(List.of(conv, linear)), ParameterGroup.excluded(List.of(bias, bnScale))),
                    groups);
            assertEquals(1, ParameterGroup.excludingBiasesAndNorms(List.of(conv, linear)).size());
        }
    }

    @Test
    void excludedParametersTakeNoWeightDecay() {
        try (Scope _ = Scope.open()) {
            Tensor decayed = parameter(1.0);
            Tensor excluded = parameter(1.0);
            List<ParameterGroup> groups = List.of(ParameterGroup.of(List.of(decayed)), ParameterGroup.excluded(List.of(excluded)));
            try (AdamW adamW = new AdamW(groups, AdamOptions.adamW(0.1).weightDecay(0.5))) {
                // Zero gradients: only decoupled weight decay moves a parameter, w · (1 − 0.1 · 0.5).
                try (Scope _ = Scope.open()) {
                    decayed.mul(0.0).sum().add(excluded.mul(0.0).sum()).backward();
                }
                adamW.step();
                assertEquals(0.95, decayed.item(), 1e-15);
                assertEquals(1.0, excluded.item());
            }
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        try (Scope _ = Scope.open()) {
            Tensor p = parameter(1.0);
            List<ParameterGroup> groups = ParameterGroup.all(List.of(p));
            assertThrows(IllegalArgumentException.class, () -> new SGD(groups, SGD.Options.of(0.1).nesterov(true)));
            assertThrows(IllegalArgumentException.class,
                    () -> new SGD(groups, SGD.Options.of(0.1).momentum(0.9).dampening(0.1).nesterov(true)));
            assertThrows(IllegalArgumentException.class, () -> SGD.Options.of(-0.1));
            assertThrows(IllegalArgumentException.class, () -> AdamOptions.adam(0.1).betas(0.9, 1.0));
            assertThrows(IllegalArgumentException.class, () -> LARS.Options.of(0.1).trustCoefficient(0));
            assertThrows(IllegalArgumentException.class,
                    () -> new SGD(List.of(ParameterGroup.of(List.of(p)), ParameterGroup.excluded(List.of(p))), SGD.Options.of(0.1)));
            assertThrows(IllegalArgumentException.class, () -> new SGD(ParameterGroup.all(List.of()), SGD.Options.of(0.1)));
            try (SGD sgd = new SGD(groups, SGD.Options.of(0.1))) {
                assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
            }
        }
    }
}
