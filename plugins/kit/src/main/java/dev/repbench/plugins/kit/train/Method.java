package dev.repbench.plugins.kit.train;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.Optimizer;
import java.util.List;
import java.util.Map;

/**
 * One pretraining method (MoCo, SwAV, PIRL, SimCLR, supervised, a third party's): its networks, optimiser,
 * schedule, views and loss. {@link PretrainingLoop} drives it; a method never loops over data, seeds, writes
 * files or reports progress itself.
 *
 * <p>Life cycle: the loop seeds libtorch, calls the algorithm's factory (which builds the method: networks
 * initialised, moved to the device, optimiser created), restores {@link #modules()}, {@link #optimizer()} and
 * {@link #state()} from a checkpoint when resuming, then for each step: opens a scope, builds the views,
 * {@code optimizer.zeroGrad()}, {@link #loss}, {@code backward()}, {@link #beforeOptimizerStep},
 * {@code optimizer.step()} with the scheduled learning rate, {@link #afterOptimizerStep}, closes the scope.
 * Finally it saves {@link #backbone()}'s state dict (torchvision names) as the trained encoder and closes the
 * method.
 */
public abstract class Method implements AutoCloseable {

    /** @return the views every step needs, in order; {@link StepInput#views()} follows this order */
    public abstract List<ViewSpec> views();

    /** @return the encoder being trained; its state dict is the result (heads are not part of it) */
    public abstract ResNet backbone();

    /**
     * Every module whose state must survive a resume, by a stable name ({@code "backbone"}, {@code "projector"},
     * {@code "key-encoder"}, …). Must include {@link #backbone()}.
     *
     * @return the modules
     */
    public abstract Map<String, Module> modules();

    /**
     * Tensors outside modules and optimiser that a resume needs (MoCo's queue and its pointer, PIRL's memory
     * bank, SwAV's queue), by stable name. The loop saves them and, on resume, copies the saved values into
     * these same tensors in place, so they must be allocated (with their final shapes) when this is called.
     *
     * @return the state, empty by default
     */
    public Map<String, Tensor> state() {
        return Map.of();
    }

    /** @return the optimiser over the trainable parameters */
    public abstract Optimizer optimizer();

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

    /** Frees the networks, optimiser and state. */
    @Override
    public abstract void close();
}
