package dev.repbench.plugins.kit.train;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import dev.repbench.torch.optim.SGD;
import dev.repbench.torch.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal method for loop tests: two views scaled by a random factor per view, a linear head, the mean
 * squared difference of the two heads' outputs plus a state tensor counting steps (so state restore matters),
 * SGD with momentum (so optimiser restore matters).
 */
final class ToyMethod extends Method {
    final ResNet backbone = ResNet.resnet18Small();
    final Linear head = new Linear(512, 8);
    private final Scope stateScope = Scope.standalone();
    final Tensor stepsSeen = zerosIn(stateScope);
    private final SGD optimizer;

    ToyMethod() {
        List<Tensor> parameters = new ArrayList<>(backbone.parameters());
        parameters.addAll(head.parameters());
        optimizer = new SGD(ParameterGroup.all(parameters), SGD.Options.of(0.05).momentum(0.9).weightDecay(1e-4));
    }

    private static Tensor zerosIn(Scope owner) {
        try (Scope s = Scope.open()) {
            return owner.keep(Tensor.zeros(1));
        }
    }

    @Override
    public List<ViewSpec> views() {
        return List.of(new ViewSpec("scaled", (images, random) -> images.mul(0.5 + random.nextDouble()), 2));
    }

    @Override
    public ResNet backbone() {
        return backbone;
    }

    @Override
    public Map<String, Module> modules() {
        Map<String, Module> modules = new LinkedHashMap<>();
        modules.put("backbone", backbone);
        modules.put("head", head);
        return modules;
    }

    @Override
    public Map<String, Tensor> state() {
        return Map.of("steps-seen", stepsSeen);
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        return step -> 0.05 / (1 + step);
    }

    @Override
    public Tensor loss(StepInput input) {
        Tensor a = head.forward(backbone.forwardEmbedding(input.views().get(0)));
        Tensor b = head.forward(backbone.forwardEmbedding(input.views().get(1)));
        return a.sub(b).pow(2).mean().add(a.mean().pow(2)).add(stepsSeen.sum().mul(1e-3));
    }

    @Override
    public void afterOptimizerStep(StepInput input) {
        stepsSeen.addInPlace(Tensor.ones(1), 1.0);
    }

    @Override
    public void close() {
        optimizer.close();
        head.close();
        backbone.close();
        stateScope.close();
    }
}
