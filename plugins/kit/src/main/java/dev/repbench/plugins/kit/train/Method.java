package dev.repbench.plugins.kit.train;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.nn.arch.Architecture;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One pretraining method (MoCo, SwAV, PIRL, SimCLR, supervised, a third party's): its networks, optimiser,
 * schedule, views and loss. {@link PretrainingLoop} drives it; a method never loops over data, seeds, writes
 * files or reports progress itself.
 *
 * <p>The base does the bookkeeping every method shares. Its constructor builds the backbone of the run's
 * architecture from the {@link ArchitectureRegistry} on the run's device and registers it as
 * {@value #BACKBONE}. A subclass then, in the order its networks draw their initialisation from libtorch's
 * generator:
 * <ul>
 *   <li>{@link #register} each further network (heads, a key encoder): moved to the device, saved and restored
 *       with checkpoints ({@link #modules()}), its parameters offered to the optimiser;
 *       {@link #registerFrozen} a network that follows another and is never trained (MoCo's key encoder, BYOL's
 *       target); {@link #newBackbone()} builds another backbone of the same architecture for that;</li>
 *   <li>{@link #registerState} / {@link #newState} the tensors a resume needs besides the networks (queues, memory
 *       banks), {@link #own} anything else to close;</li>
 *   <li>last, {@link #createOptimizer} over the trainable parameters, in registration order, from the
 *       {@link OptimizerConfig} the algorithm read.</li>
 * </ul>
 * {@link #close()} then closes everything in the reverse order.
 *
 * <p>Life cycle: the loop seeds libtorch, calls the algorithm's factory (which builds the method), restores
 * {@link #modules()}, {@link #optimizer()} and {@link #state()} from a checkpoint when resuming, then for each step:
 * opens a scope, builds the views, {@code optimizer.zeroGrad()}, {@link #loss} (autocast to bf16 when the run trains in
 * bf16: its convolutions and matmuls run in bf16, the kit's losses in float32), {@code backward()},
 * {@link #beforeOptimizerStep}, {@code optimizer.step()} with the scheduled learning rate, {@link #afterOptimizerStep},
 * closes the scope. Finally it saves {@link #backbone()}'s state dict as the trained encoder and closes the method.
 */
public abstract class Method implements AutoCloseable {
    /** The name {@link #modules()} gives the backbone (and a checkpoint its state). */
    public static final String BACKBONE = "backbone";

    private final Device device;
    /** Channels-last and autocast for the run's precision on its device; null for a method built before 1.2. */
    private final TrainingPrecision precision;
    private final Architecture architecture;
    private final Backbone backbone;
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    /** Everything to close, in the order it was taken on. */
    private final List<AutoCloseable> owned = new ArrayList<>();
    private Scope stateScope;
    private Optimizer optimizer;
    private boolean closed;

    /**
     * Builds and registers the backbone of the run's architecture on the run's device.
     *
     * @param context the run
     * @throws IllegalArgumentException if the registry has no architecture of that name (listing the known ones)
     */
    protected Method(PretrainingContext context) {
        this(context.architectureName(), runPrecision(context.device(), () -> TrainingPrecision.of(context.precision(), context.device())));
    }

    /**
     * Builds and registers the backbone of {@code architecture} on {@code device}, in the precision of the run that
     * builds it: a method made by {@link PretrainingLoop}'s factory trains in the run's precision with either
     * constructor (fp32 when built outside a run, as in a unit test).
     *
     * @param architecture a name in {@link ArchitectureRegistry#installed()}
     * @param device       where every registered network lives
     * @throws IllegalArgumentException if the registry has no architecture of that name (listing the known ones)
     */
    protected Method(String architecture, Device device) {
        this(architecture, runPrecision(device, () -> TrainingPrecision.fp32(device)));
    }

    /** The precision of the run whose factory is building a method on this thread, set by {@link PretrainingLoop}. */
    static final ThreadLocal<TrainingPrecision> RUN_PRECISION = new ThreadLocal<>();

    private static TrainingPrecision runPrecision(Device device, Supplier<TrainingPrecision> otherwise) {
        TrainingPrecision run = RUN_PRECISION.get();
        return run != null && run.device().equals(device) ? run : otherwise.get();
    }

    /**
     * Builds and registers the backbone of {@code architecture} for training in {@code precision} (on its device, in
     * its memory order).
     *
     * @param architecture a name in {@link ArchitectureRegistry#installed()}
     * @param precision    the run's precision as {@link TrainingPrecision#of} resolved it
     * @throws IllegalArgumentException if the registry has no architecture of that name (listing the known ones)
     */
    protected Method(String architecture, TrainingPrecision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
        this.device = precision.device();
        this.architecture = ArchitectureRegistry.installed().get(architecture);
        this.backbone = register(BACKBONE, this.architecture.build());
    }

    /**
     * For a method written for the kit before 1.2, which builds its networks and optimiser itself and overrides
     * {@link #backbone()} (or names it {@value #BACKBONE} in {@link #modules()}), {@link #modules()},
     * {@link #optimizer()} and {@link #close()}. Such a method cannot {@link #register} anything.
     *
     * @deprecated since 1.2: call {@link #Method(PretrainingContext)} and register the networks
     */
    @Deprecated(since = "1.2")
    protected Method() {
        this.device = null;
        this.precision = null;
        this.architecture = null;
        this.backbone = null;
    }

    // ---------------------------------------------------------------- what a method builds

    /**
     * Registers {@code module} under {@code name}: moves it to the device (channels-last where the run's
     * {@link TrainingPrecision} says so), and from then on {@link #modules()}
     * includes it (so checkpoints save and restore it), {@link #trainableParameters()} offers its parameters and
     * {@link #close()} closes it. Register networks right after building each, so the order of registration is the
     * order of initialisation.
     *
     * @param name a stable name, the checkpoint's prefix for it ({@code projector}, {@code key-encoder})
     * @return {@code module}
     */
    protected final <M extends Module> M register(String name, M module) {
        Objects.requireNonNull(module, "module");
        if (device == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " was built with the deprecated no-argument"
                    + " constructor, which registers nothing: call Method(PretrainingContext) instead");
        }
        if (modules.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already registered a module '" + name + "'");
        }
        own(module);
        module.to(device);
        precision.prepare(module);
        modules.put(name, module);
        return module;
    }

    /**
     * {@link #register Registers} a network that is never trained (it follows another, as MoCo's key encoder or BYOL's
     * target network): its parameters require no gradient and are left out of {@link #trainableParameters()}.
     *
     * @return {@code module}
     */
    protected final <M extends Module> M registerFrozen(String name, M module) {
        register(name, module);
        // After the move: moving a module makes new leaves that require gradients.
        module.parameters().forEach(p -> p.requiresGrad(false));
        return module;
    }

    /** @return a newly initialised backbone of the run's architecture, not registered (register it) */
    protected final Backbone newBackbone() {
        if (architecture == null) {
            throw new IllegalStateException("a method built with the deprecated no-argument constructor has no architecture");
        }
        return architecture.build();
    }

    /**
     * Publishes {@code tensor} in {@link #state()} under {@code name}, for checkpoints; its owner (a queue, a
     * memory bank, {@link #own owned} by this method) keeps it alive.
     *
     * @return {@code tensor}
     */
    protected final Tensor registerState(String name, Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        if (state.putIfAbsent(name, tensor) != null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already registered a state '" + name + "'");
        }
        return tensor;
    }

    /**
     * A state tensor owned by this method: {@code initialiser} runs in a scope of its own, its result is kept until
     * {@link #close()} and published in {@link #state()} under {@code name}.
     *
     * @return the tensor
     */
    protected final Tensor newState(String name, Supplier<Tensor> initialiser) {
        if (stateScope == null) {
            stateScope = own(Scope.standalone());
        }
        try (Scope s = Scope.open()) {
            return registerState(name, stateScope.keep(initialiser.get()));
        }
    }

    /** Closes {@code resource} with this method, before everything taken on earlier. @return {@code resource} */
    protected final <T extends AutoCloseable> T own(T resource) {
        owned.add(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    /** @return the parameters of the registered networks that require gradients, in registration order */
    protected final List<Tensor> trainableParameters() {
        List<Tensor> parameters = new ArrayList<>();
        for (Module module : modules.values()) {
            for (Tensor p : module.parameters()) {
                if (p.requiresGrad()) {
                    parameters.add(p);
                }
            }
        }
        return parameters;
    }

    /**
     * Creates the method's optimiser over {@link #trainableParameters()}; call it once, after registering the
     * networks.
     *
     * @param config       the optimiser and its hyperparameters, as the algorithm's config gives them
     * @param learningRate the rate until the schedule sets one (the loop sets it before every step)
     * @param grouping     how the parameters are grouped: {@link ParameterGroup#all} or
     *                     {@link ParameterGroup#excludingBiasesAndNorms}
     * @return the optimiser, which {@link #optimizer()} returns from then on
     */
    protected final Optimizer createOptimizer(OptimizerConfig config, double learningRate,
                                              Function<List<Tensor>, List<ParameterGroup>> grouping) {
        if (optimizer != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " created its optimiser twice");
        }
        optimizer = own(config.create(grouping.apply(trainableParameters()), learningRate));
        return optimizer;
    }

    /** @return where the method's networks live */
    protected final Device device() {
        return device;
    }

    /**
     * @return the precision the run trains in, resolved for its device (the loop autocasts each step by it); null for
     *         a method built with the deprecated no-argument constructor
     */
    public final TrainingPrecision trainingPrecision() {
        return precision;
    }

    // ---------------------------------------------------------------- what the loop asks

    /** @return the views every step needs, in order; {@link StepInput#views()} follows this order */
    public abstract List<ViewSpec> views();

    /**
     * @return the encoder being trained, registered as {@value #BACKBONE}; its state dict is the result (heads are
     *         not part of it)
     */
    public Backbone backbone() {
        if (backbone != null) {
            return backbone;
        }
        if (modules().get(BACKBONE) instanceof Backbone named) {
            return named;
        }
        throw new IllegalStateException(getClass().getSimpleName() + " has no backbone: build it with"
                + " Method(PretrainingContext), or name it '" + BACKBONE + "' in modules()");
    }

    /**
     * Every module whose state must survive a resume, by a stable name: those {@link #register registered}, in
     * that order. Includes {@link #backbone()}.
     *
     * @return the modules
     */
    public Map<String, Module> modules() {
        return Collections.unmodifiableMap(modules);
    }

    /**
     * Tensors outside modules and optimiser that a resume needs (MoCo's queue and its pointer, PIRL's memory
     * bank, SwAV's queue), by stable name: those registered. The loop saves them and, on resume, copies the saved
     * values into these same tensors in place, so they must be allocated (with their final shapes) when the
     * method is built.
     *
     * @return the state, empty if none was registered
     */
    public Map<String, Tensor> state() {
        return Collections.unmodifiableMap(state);
    }

    /** @return the optimiser over the trainable parameters, as {@link #createOptimizer} made it */
    public Optimizer optimizer() {
        if (optimizer == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no optimiser: call createOptimizer in its constructor");
        }
        return optimizer;
    }

    /**
     * @param stepsPerEpoch optimiser steps in one epoch
     * @param epochs        epochs of the run
     * @return the learning rate at every step of the run
     */
    public abstract LearningRateSchedule schedule(long stepsPerEpoch, int epochs);

    /**
     * The training loss of one step, a scalar with a graph to the trainable parameters. Called in training
     * mode, gradients enabled, inside the step's scope.
     *
     * @param input the step's views, labels and randomness
     * @return the loss
     */
    public abstract Tensor loss(StepInput input);

    /** After {@code backward()}, before the optimiser step: e.g. SwAV drops the prototypes' gradient while frozen. */
    public void beforeOptimizerStep(StepInput input) {
    }

    /** After the optimiser step: e.g. MoCo's momentum update and enqueue, SwAV's prototype normalisation. */
    public void afterOptimizerStep(StepInput input) {
    }

    /** @return facts worth recording with the encoder (e.g. {@code queue-size}); empty by default */
    public Map<String, String> provenance() {
        return Map.of();
    }

    /**
     * Closes everything the method took on, the last first (the optimiser, then state, then the networks in the
     * reverse order of registration). Idempotent; safe on a method whose constructor failed half-way.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (int k = owned.size() - 1; k >= 0; k--) {
            try {
                owned.get(k).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + owned.get(k), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
