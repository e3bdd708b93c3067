package dev.repbench.plugins.kit.train;

import dev.repbench.api.Device;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;
import java.util.List;

/**
 * A minimal method for loop tests: two views scaled by a random factor per view, a linear head, the mean
 * squared difference of the two heads' outputs plus a state tensor counting steps (so state restore matters),
 * SGD with momentum (so optimiser restore matters).
 */
final class ToyMethod extends Method {
    final Linear head;
    final Tensor stepsSeen;

    ToyMethod() {
        this(TrainingPrecision.fp32(Device.CPU));
    }

    ToyMethod(TrainingPrecision precision) {
        super("resnet18-small", precision);
        head = register("head", new Linear(512, 8));
        stepsSeen = newState("steps-seen", () -> Tensor.zeros(1));
        createOptimizer(OptimizerConfig.sgd(0.05, 0.9, 1e-4), 0.05, ParameterGroup::all);
    }

    @Override
    public List<ViewSpec> views() {
        return List.of(new ViewSpec("scaled", (images, random) -> images.mul(0.5 + random.nextDouble()), 2));
    }

    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        return step -> 0.05 / (1 + step);
    }

    @Override
    public Tensor loss(StepInput input) {
        Tensor a = head.forward(backbone().forwardEmbedding(input.views().get(0)));
        Tensor b = head.forward(backbone().forwardEmbedding(input.views().get(1)));
        return a.sub(b).pow(2).mean().add(a.mean().pow(2)).add(stepsSeen.sum().mul(1e-3));
    }

    @Override
    public void afterOptimizerStep(StepInput input) {
        stepsSeen.addInPlace(Tensor.ones(1), 1.0);
    }
}
