package dev.repbench.plugins.kit.train;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.Optimizer;
import java.util.List;
import java.util.Map;

/**
 * {@link ToyMethod} behind a subclassable facade, for tests that alter one call. Written the way methods were before
 * the kit's 1.2 base (the no-argument constructor, everything overridden), so the loop's tests also run such a method.
 */
@SuppressWarnings("deprecation")
class ToyMethodDelegate extends Method {
    private final ToyMethod toy = new ToyMethod();

    @Override
    public List<ViewSpec> views() {
        return toy.views();
    }

    @Override
    public ResNet backbone() {
        return (ResNet) toy.backbone();
    }

    @Override
    public Map<String, Module> modules() {
        return toy.modules();
    }

    @Override
    public Optimizer optimizer() {
        return toy.optimizer();
    }

    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        return toy.schedule(stepsPerEpoch, epochs);
    }

    @Override
    public Tensor loss(StepInput input) {
        return toy.loss(input);
    }

    @Override
    public void close() {
        toy.close();
    }
}
