package org.example.byol;

import dev.repbench.api.Device;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BYOL over the plugin kit's loop. The online network (backbone, projector, predictor) learns to predict the target
 * network's projection of another view of the same image; the target network (backbone and projector) is not
 * trained but follows the online one as an exponential moving average whose rate rises to 1 over the run.
 */
public final class ByolMethod extends Method {
    private final ByolHyperparameters hyperparameters;
    private final int batchSize;
    private final List<ViewSpec> views;
    private final ProjectionHead projector;
    private final ProjectionHead predictor;
    private final Backbone targetBackbone;
    private final ProjectionHead targetProjector;
    private TargetMomentum targetMomentum;
    private long warmupSteps;

    /**
     * Builds both networks (the target a copy of the online one), on {@code device}, and the optimiser. The kit's base
     * builds the online backbone; each further network is registered as soon as it is built, so checkpoints, the
     * optimiser and closing cover it.
     *
     * @param architecture    the backbone, by its name in RepBench's architecture registry
     * @param hyperparameters BYOL's settings
     * @param batchSize       images per step, for the learning rate's scaling
     * @param views           the two augmented views of every image, first and second
     * @param device          where to train
     */
    public ByolMethod(String architecture, ByolHyperparameters hyperparameters, int batchSize,
                      List<ViewSpec> views, Device device) {
        if (views.stream().mapToInt(ViewSpec::count).sum() != 2) {
            throw new IllegalArgumentException("BYOL compares exactly two views of each image, got " + views);
        }
        super(architecture, device);
        this.hyperparameters = hyperparameters;
        this.batchSize = batchSize;
        this.views = List.copyOf(views);
        long width = backbone().embeddingDim();
        projector = register("projector", head(width, hyperparameters.projectorHidden(), hyperparameters.projectionDim()));
        predictor = register("predictor", head(hyperparameters.projectionDim(), hyperparameters.predictorHidden(),
                hyperparameters.projectionDim()));
        // The target is never trained: registered frozen, it gets no gradients and no optimiser state.
        targetBackbone = registerFrozen("target-backbone", newBackbone());
        targetProjector = registerFrozen("target-projector", head(width, hyperparameters.projectorHidden(),
                hyperparameters.projectionDim()));
        copyInto(targetBackbone, backbone());
        copyInto(targetProjector, projector);
        createOptimizer(hyperparameters.optimizer(), hyperparameters.peakLearningRate(batchSize),
                ParameterGroup::excludingBiasesAndNorms);
    }

    /** BYOL's projector and predictor: linear → batch norm → ReLU → linear. */
    private static ProjectionHead head(long in, long hidden, long out) {
        return new ProjectionHead(in, hidden, out, true);
    }

    private static void copyInto(Module target, Module online) {
        try (Scope scope = Scope.open()) {
            target.loadStateDict(online.stateDict(), true);
        }
    }

    @Override
    public List<ViewSpec> views() {
        return views;
    }

    /**
     * Linear warm-up from 0 over {@code warmup-epochs}, then a cosine decay to 0 at the end of the run. A run shorter
     * than its warm-up keeps the last step for the peak, so a test run of a few steps still learns. Also fixes the
     * run's length for the target momentum.
     */
    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        long totalSteps = stepsPerEpoch * epochs;
        targetMomentum = new TargetMomentum(hyperparameters.targetMomentumBase(), totalSteps);
        warmupSteps = Math.min(hyperparameters.warmupEpochs() * stepsPerEpoch, totalSteps - 1);
        return new CosineSchedule(0.0, hyperparameters.peakLearningRate(batchSize), 0.0, warmupSteps, totalSteps);
    }

    /** The online predictions of each view against the target's projections of the other, symmetrised. */
    @Override
    public Tensor loss(StepInput input) {
        Tensor view1 = input.views().get(0);
        Tensor view2 = input.views().get(1);
        Tensor prediction1 = predictor.forward(projector.forward(backbone().forwardEmbedding(view1)));
        Tensor prediction2 = predictor.forward(projector.forward(backbone().forwardEmbedding(view2)));
        Tensor target1;
        Tensor target2;
        try (GradMode off = GradMode.disabled()) {
            target1 = targetProjector.forward(targetBackbone.forwardEmbedding(view1));
            target2 = targetProjector.forward(targetBackbone.forwardEmbedding(view2));
        }
        return ByolLoss.symmetrised(prediction1, prediction2, target1, target2);
    }

    /** The target follows the online network at this step's rate. */
    @Override
    public void afterOptimizerStep(StepInput input) {
        double tau = targetMomentum(input.step());
        TargetUpdate.moveTowards(targetBackbone, backbone(), tau);
        TargetUpdate.moveTowards(targetProjector, projector, tau);
    }

    /**
     * @param step an optimiser step of the run
     * @return τ after that step
     * @throws IllegalStateException before {@link #schedule} told the run's length
     */
    public double targetMomentum(long step) {
        if (targetMomentum == null) {
            throw new IllegalStateException("the run's length is unknown: the loop calls schedule() before any step");
        }
        return targetMomentum.at(step);
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("peak-learning-rate", Double.toString(hyperparameters.peakLearningRate(batchSize)));
        facts.put("warmup-steps", Long.toString(warmupSteps));
        facts.put("target-momentum-base", Double.toString(hyperparameters.targetMomentumBase()));
        return facts;
    }
}
