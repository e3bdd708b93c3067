package dev.repbench.plugins.swav;

import dev.repbench.api.Device;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.loss.Sinkhorn;
import dev.repbench.plugins.kit.loss.SwappedPrediction;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SwAV (Caron et al., 2020) as a {@link Method}: every image gives {@code globalCrops} large and
 * {@code localCrops} small views; the backbone embeds each resolution as one batch, the projection MLP
 * ({@code Linear → BatchNorm → ReLU → Linear}) maps the embeddings to features normalised to unit length, and
 * the prototypes score them (cosine similarities). The large crops' scores, turned into
 * equipartitioned assignments by Sinkhorn-Knopp (optionally steadied by a queue of past features), are the
 * targets every other view must predict ({@link SwappedPrediction}).
 *
 * <p>Per step, around the loop's optimiser step: the prototypes' gradient is dropped during the first
 * {@code freezePrototypesIterations} steps, and the prototypes are renormalised to unit length after every step
 * that updated them. The kit's projection MLP leaves out the first layer's bias, which the batch norm cancels
 * (SwAV's reference keeps it: the same function, 2048 fewer parameters).
 */
final class SwavMethod extends Method {
    private final SwavSettings settings;
    private final int batchSize;
    private final List<ViewSpec> views;
    private final ProjectionHead projectionHead;
    private final Prototypes prototypes;
    private final AssignmentQueue queue;

    /**
     * @param settings     the hyperparameters
     * @param batchSize    the loop's batch size (scales the learning rates, sizes the queue)
     * @param architecture the backbone to train, by its name in the architecture registry
     * @param device       where everything lives
     * @param views        the views, {@code globalCrops} large ones first, then {@code localCrops} small ones
     */
    SwavMethod(SwavSettings settings, int batchSize, String architecture, Device device, List<ViewSpec> views) {
        int viewCount = views.stream().mapToInt(ViewSpec::count).sum();
        if (viewCount != settings.views()) {
            throw new IllegalArgumentException("SwAV needs " + settings.views() + " views per image (" + settings.globalCrops()
                    + " large, " + settings.localCrops() + " small), the view specs give " + viewCount);
        }
        int queueLength = settings.effectiveQueueLength(batchSize); // may refuse the settings: before any allocation
        super(architecture, device);
        this.settings = settings;
        this.batchSize = batchSize;
        this.views = List.copyOf(views);
        this.projectionHead = register("projection-head", new ProjectionHead(backbone().embeddingDim(),
                settings.projectorHiddenDim(), settings.projectionDim(), true));
        this.prototypes = register("prototypes", new Prototypes(settings.projectionDim(), settings.prototypes()));
        this.queue = queueLength == 0 ? null
                : own(new AssignmentQueue(settings.globalCrops(), queueLength, settings.projectionDim(), device));
        if (queue != null) {
            registerState("queue", queue.features());
            registerState("queue-filled-rows", queue.filledRows());
        }
        // SwAV's LARC wraps SGD over all parameters alike: no group is excluded from adaptation or decay.
        createOptimizer(settings.optimizer(), scaled(settings.optimizer().learningRate()), ParameterGroup::all);
    }

    /**
     * Linear warm-up then cosine decay per step. Rates are the settings' (given for the reference batch) scaled
     * to the batch ({@link dev.repbench.plugins.kit.train.LearningRateScaling}); the warm-up covers {@code warmupEpochs / warmupReferenceEpochs} of the run.
     */
    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        long totalSteps = stepsPerEpoch * epochs;
        long warmupSteps = Math.min(totalSteps - 1,
                Math.round(totalSteps * settings.warmupEpochs() / settings.warmupReferenceEpochs()));
        return new CosineSchedule(scaled(settings.warmupStartLearningRate()), scaled(settings.optimizer().learningRate()),
                scaled(settings.finalLearningRate()), warmupSteps, totalSteps);
    }

    /** A rate given for the reference batch, at this run's batch. */
    private double scaled(double rate) {
        return settings.scaling().scale(rate, batchSize);
    }

    @Override
    public Tensor loss(StepInput input) {
        List<Tensor> images = input.views();
        if (images.size() != settings.views()) {
            throw new IllegalStateException("SwAV expected " + settings.views() + " views, the loop gave " + images.size());
        }
        int batch = input.batchSize();
        Tensor features = Functional.normalize(projectionHead.forward(embed(images)), 1);
        Tensor scores = prototypes.forward(features);
        List<Tensor> scoresByView = new ArrayList<>(settings.views());
        for (int v = 0; v < settings.views(); v++) {
            scoresByView.add(scores.narrow(0, (long) v * batch, batch));
        }
        boolean useQueue = queue != null && input.epoch() >= settings.queueStartEpoch();
        List<Tensor> assignments = new ArrayList<>(settings.globalCrops());
        for (int crop = 0; crop < settings.globalCrops(); crop++) {
            Tensor toAssign = scoresByView.get(crop);
            if (useQueue) {
                toAssign = queue.scoresToAssign(crop, toAssign, prototypes.weight());
                queue.push(crop, features.narrow(0, (long) crop * batch, batch));
            }
            Tensor assigned = Sinkhorn.assignments(toAssign, settings.sinkhornEpsilon(), settings.sinkhornIterations());
            assignments.add(assigned.narrow(0, assigned.size(0) - batch, batch));
        }
        return SwappedPrediction.loss(scoresByView, assignments, settings.temperature());
    }

    /** The backbone's embeddings of all views, view after view; each resolution runs as one batch, as in SwAV. */
    private Tensor embed(List<Tensor> images) {
        int large = settings.globalCrops();
        Tensor globalEmbeddings = backbone().forwardEmbedding(Tensor.cat(images.subList(0, large), 0));
        if (settings.localCrops() == 0) {
            return globalEmbeddings;
        }
        Tensor localEmbeddings = backbone().forwardEmbedding(Tensor.cat(images.subList(large, images.size()), 0));
        return Tensor.cat(List.of(globalEmbeddings, localEmbeddings), 0);
    }

    /** The views as given: {@code globalCrops} large ones, then {@code localCrops} small ones. */
    @Override
    public List<ViewSpec> views() {
        return views;
    }

    /** While frozen, the prototypes get no update: LARS skips a parameter without gradient (and its momentum). */
    @Override
    public void beforeOptimizerStep(StepInput input) {
        if (prototypesFrozen(input)) {
            prototypes.weight().clearGrad();
        }
    }

    /**
     * Back to unit length after an update. A frozen step left them untouched, and renormalising unit rows would
     * only perturb the last bits, so frozen prototypes stay exactly as initialised.
     */
    @Override
    public void afterOptimizerStep(StepInput input) {
        if (!prototypesFrozen(input)) {
            prototypes.normalize();
        }
    }

    private boolean prototypesFrozen(StepInput input) {
        return input.step() < settings.freezePrototypesIterations();
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("prototypes", Integer.toString(settings.prototypes()));
        facts.put("queue-length", Integer.toString(queue == null ? 0 : settings.effectiveQueueLength(batchSize)));
        facts.put("learning-rate-scale", Double.toString(settings.learningRateScale(batchSize)));
        return facts;
    }
}
