package dev.repbench.plugins.moco;

import dev.repbench.api.Device;
import dev.repbench.plugins.kit.augment.Augmentation;
import dev.repbench.plugins.kit.loss.InfoNce;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MoCo as a {@link Method}: each step encodes two views of every image, the first with the query encoder
 * (trained), the second with the key encoder (a moving average of it, never given gradients), scores each query
 * against its key and the queue with {@link InfoNce}, and after the optimiser step moves the key encoder towards
 * the query encoder and enqueues the step's keys.
 *
 * <p>The reference implementation does the momentum update at the start of the next forward pass and the enqueue
 * at the end of this one; doing both after the optimiser step is the same sequence of values, and keeps the
 * step's loss a pure function of the state before it.
 */
final class MocoMethod extends Method {
    private final MocoSettings settings;
    private final Augmentation augmentation;
    private final MocoEncoder query;
    private final MocoEncoder key;
    private final KeyQueue queue;
    private Tensor pendingKeys;

    /**
     * Builds the networks (on {@code device}), the optimiser and the queue. Draws from libtorch's generator
     * (initialisation, the queue's random keys), so the loop seeds it first.
     *
     * @param settings       the hyperparameters
     * @param architecture   the backbone, by its name in the architecture registry
     * @param batchSize      images per step (the shuffled batch-norm groups and the queue size depend on it)
     * @param trainingImages images in the training set (the queue holds at most one epoch of keys)
     * @param augmentation   the views' augmentation
     * @param device         where to train
     */
    MocoMethod(MocoSettings settings, String architecture, int batchSize, int trainingImages,
               Augmentation augmentation, Device device) {
        BatchGroups.checkGroups(batchSize, settings.shuffleBnGroups());
        int queueSize = settings.effectiveQueueSize(batchSize, trainingImages);
        super(architecture, device);
        this.settings = settings;
        this.augmentation = augmentation;
        try {
            query = own(new MocoEncoder(backbone(), register("projector", MocoEncoder.head(backbone().embeddingDim(), settings))));
            Backbone keyBackbone = own(newBackbone());
            key = registerFrozen("key-encoder", new MocoEncoder(keyBackbone, MocoEncoder.head(keyBackbone.embeddingDim(), settings)));
            try (Scope _ = Scope.open()) {
                key.loadStateDict(query.stateDict(), true);
            }
            queue = own(new KeyQueue(queueSize, settings.projectionDim(), device));
            queue.state().forEach(this::registerState);
            createOptimizer(settings.optimizer(), settings.optimizer().learningRate(), ParameterGroup::all);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public List<ViewSpec> views() {
        return List.of(new ViewSpec(settings.augmentationPreset().id(), augmentation, 2));
    }

    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        return MocoSchedule.of(settings, stepsPerEpoch, epochs);
    }

    @Override
    public Tensor loss(StepInput input) {
        if (input.views().size() != 2) {
            throw new IllegalArgumentException("MoCo needs two views per image, got " + input.views().size());
        }
        int groups = settings.shuffleBnGroups();
        Tensor queries = BatchGroups.inGroups(input.views().get(0), groups, query::encode);
        try (GradMode _ = GradMode.disabled()) {
            pendingKeys = BatchGroups.shuffledInGroups(input.views().get(1), groups, input.random(), key::encode);
        }
        return InfoNce.loss(queries, pendingKeys, queue.keys(), settings.temperature());
    }

    @Override
    public void afterOptimizerStep(StepInput input) {
        if (pendingKeys == null) {
            throw new IllegalStateException("afterOptimizerStep without a loss() in this step: no keys to enqueue");
        }
        MomentumUpdate.apply(key, query, settings.keyMomentum());
        queue.enqueue(pendingKeys);
        pendingKeys = null;
    }

    /** The key encoder, for tests. */
    MocoEncoder keyEncoder() {
        return key;
    }

    /** The query encoder, for tests. */
    MocoEncoder queryEncoder() {
        return query;
    }

    /** The queue, for tests. */
    KeyQueue queue() {
        return queue;
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("queue-size", Integer.toString(queue.size()));
        if (queue.size() != settings.queueSize()) {
            facts.put("queue-size-configured", Integer.toString(settings.queueSize()));
        }
        facts.put("shuffle-bn-groups", Integer.toString(settings.shuffleBnGroups()));
        facts.put("head", settings.mlpHead() ? "mlp-" + settings.projectorHiddenDim() : "linear");
        return facts;
    }
}
