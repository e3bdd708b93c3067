package org.example.byol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.optim.LearningRateSchedule;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One BYOL step driven by hand, in the order the kit's loop calls a method. */
class ByolMethodTest {
    /** Narrow heads and τ_base 0.5 so a test step is quick and the target's move is large enough to see. */
    private static final ByolHyperparameters SMALL = new ByolHyperparameters(OptimizerConfig.lars(0.2, 0.9, 1.5e-6, 1e-3), 10, 0.5, 32, 16, 32);
    private static final List<ViewSpec> AS_IS = List.of(new ViewSpec("first", (images, random) -> images.clone(), 1),
            new ViewSpec("second", (images, random) -> images.flip(3), 1));

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
        Torch.manualSeed(3);
    }

    private static ByolMethod method() {
        return new ByolMethod("resnet18-small", SMALL, 4, AS_IS, Device.CPU);
    }

    @Test
    void theTargetStartsAsACopyOfTheOnlineNetworkAndTakesNoGradients() {
        try (ByolMethod byol = method(); Scope s = Scope.open()) {
            Tensor online = byol.modules().get("backbone").namedParameters().get("layer1.0.conv1.weight");
            Tensor target = byol.modules().get("target-backbone").namedParameters().get("layer1.0.conv1.weight");
            assertArrayEquals(online.toFloatArray(), target.toFloatArray());
            assertTrue(byol.modules().get("target-projector").parameters().stream().noneMatch(Tensor::requiresGrad));
            assertEquals(List.of("backbone", "projector", "predictor", "target-backbone", "target-projector"),
                    List.copyOf(byol.modules().keySet()));
        }
    }

    @Test
    void aStepTrainsTheOnlineNetworkAndMovesTheTargetByTau() {
        try (ByolMethod byol = method(); Scope s = Scope.open()) {
            LearningRateSchedule schedule = byol.schedule(2, 1);
            // warm-up of 10 epochs cut to the run's first step: 0 there, the peak 0.2·4/256 at the last step
            assertEquals(0.0, schedule.at(0));
            assertEquals(0.2 * 4 / 256, schedule.at(1), 1e-15);
            // τ(1) of 2 steps: 1 − 0.5·(cos(π/2) + 1)/2
            assertEquals(0.75, byol.targetMomentum(1), 1e-12);

            Tensor images = Tensor.rand(4, 3, 16, 16);
            StepInput input = new StepInput(1, 0, List.of(images.clone(), images.flip(3)), null, new int[] {0, 1, 2, 3},
                    new SplittableRandom(1));
            byol.optimizer().zeroGrad();
            Tensor loss = byol.loss(input);
            assertTrue(loss.item() >= 0 && loss.item() <= 8, "2 − 2·cos twice lies in [0, 8], got " + loss.item());
            loss.backward();
            Tensor targetWeight = byol.modules().get("target-backbone").namedParameters().get("conv1.weight");
            assertNull(targetWeight.grad(), "the target network is not trained");
            float[] targetBefore = targetWeight.toFloatArray();
            Tensor onlineWeight = byol.backbone().namedParameters().get("conv1.weight");
            float[] onlineBefore = onlineWeight.toFloatArray();

            byol.optimizer().setLearningRate(schedule.at(1));
            byol.optimizer().step();
            byol.afterOptimizerStep(input);

            float[] onlineAfter = onlineWeight.toFloatArray();
            float[] targetAfter = targetWeight.toFloatArray();
            float[] expected = new float[targetBefore.length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) (0.75 * targetBefore[i] + 0.25 * onlineAfter[i]);
            }
            assertTrue(!java.util.Arrays.equals(onlineBefore, onlineAfter), "the online backbone was trained");
            assertArrayEquals(expected, targetAfter, 1e-6f);
        }
    }

    @Test
    void theTargetCannotMoveBeforeTheRunsLengthIsKnown() {
        try (ByolMethod byol = method()) {
            assertThrows(IllegalStateException.class, () -> byol.targetMomentum(0));
        }
    }

    @Test
    void anythingButTwoViewsIsRefused() {
        List<ViewSpec> three = List.of(new ViewSpec("a", (images, random) -> images.clone(), 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ByolMethod("resnet18-small", SMALL, 4, three, Device.CPU));
        assertTrue(e.getMessage().contains("two views"), e.getMessage());
    }
}
