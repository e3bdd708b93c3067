package dev.repbench.plugins.swav;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.loss.Sinkhorn;
import dev.repbench.plugins.kit.loss.SwappedPrediction;
import dev.repbench.plugins.kit.train.Backbones;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LARS;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.Optimizer;
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
    private final ResNet backbone;
    private final ProjectionHead projectionHead;
    private final Prototypes prototypes;
    private final AssignmentQueue queue;
    private final LARS optimizer;

    /**
     * @param settings     the hyperparameters
     * @param batchSize    the loop's batch size (scales the learning rates, sizes the queue)
     * @param architecture the backbone to train
     * @param device       where everything lives
     * @param views        the views, {@code globalCrops} large ones first, then {@code localCrops} small ones
     */
    SwavMethod(SwavSettings settings, int batchSize, EncoderArchitecture architecture, Device device, List<ViewSpec> views) {
        int viewCount = views.stream().mapToInt(ViewSpec::count).sum();
        if (viewCount != settings.views()) {
            throw new IllegalArgumentException("SwAV needs " + settings.views() + " views per image (" + settings.globalCrops()
                    + " large, " + settings.localCrops() + " small), the view specs give " + viewCount);
        }
        int queueLength = settings.effectiveQueueLength(batchSize); // may refuse the settings: before any allocation
        this.settings = settings;
        this.batchSize = batchSize;
        this.views = List.copyOf(views);
        this.backbone = Backbones.of(architecture);
        this.projectionHead = new ProjectionHead(backbone.embeddingDim(), settings.hiddenDim(), settings.featureDim(), true);
        this.prototypes = new Prototypes(settings.featureDim(), settings.prototypes());
        modules().values().forEach(m -> m.to(device));
        this.queue = queueLength == 0 ? null
                : new AssignmentQueue(settings.globalCrops(), queueLength, settings.featureDim(), device);
        List<Tensor> parameters = new ArrayList<>();
        modules().values().forEach(m -> parameters.addAll(m.parameters()));
        // SwAV's LARC wraps SGD over all parameters alike: no group is excluded from adaptation or decay.
        this.optimizer = new LARS(ParameterGroup.all(parameters), LARS.Options.of(settings.baseLearningRate())
                .momentum(settings.momentum()).weightDecay(settings.weightDecay()).trustCoefficient(settings.trustCoefficient()));
    }

    @Override
    public List<ViewSpec> views() {
        return views;
    }

    @Override
    public ResNet backbone() {
        return backbone;
    }

    @Override
    public Map<String, Module> modules() {
        Map<String, Module> modules = new LinkedHashMap<>();
        modules.put("backbone", backbone);
        modules.put("projection-head", projectionHead);
        modules.put("prototypes", prototypes);
        return modules;
    }

    @Override
    public Map<String, Tensor> state() {
        return queue == null ? Map.of() : Map.of("queue", queue.features(), "queue-filled-rows", queue.filledRows());
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Linear warm-up then cosine decay per step. Rates are the settings' (given for the reference batch) times
     * batch / reference batch; the warm-up covers {@code warmupEpochs / warmupReferenceEpochs} of the run.
     */
    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        long totalSteps = stepsPerEpoch * epochs;
        long warmupSteps = Math.min(totalSteps - 1,
                Math.round(totalSteps * settings.warmupEpochs() / settings.warmupReferenceEpochs()));
        double scale = settings.learningRateScale(batchSize);
        return new CosineSchedule(settings.warmupStartLearningRate() * scale, settings.baseLearningRate() * scale,
                settings.finalLearningRate() * scale, warmupSteps, totalSteps);
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
        Tensor globalEmbeddings = backbone.forwardEmbedding(Tensor.cat(images.subList(0, large), 0));
        if (settings.localCrops() == 0) {
            return globalEmbeddings;
        }
        Tensor localEmbeddings = backbone.forwardEmbedding(Tensor.cat(images.subList(large, images.size()), 0));
        return Tensor.cat(List.of(globalEmbeddings, localEmbeddings), 0);
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

    @Override
    public void close() {
        optimizer.close();
        modules().values().forEach(Module::close);
        if (queue != null) {
            queue.close();
        }
    }
}
