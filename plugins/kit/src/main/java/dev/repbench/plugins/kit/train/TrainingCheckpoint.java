package dev.repbench.plugins.kit.train;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.Module;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resumable training state in one {@code torch.save} file: every module's state dict under
 * {@code module.<name>.}, the optimiser's under {@code optimizer.}, the method's extra tensors under
 * {@code state.}, and the loop's counters {@code loop.step} and {@code loop.epoch} (int64). Written atomically
 * by {@link Checkpoints#save}.
 */
public final class TrainingCheckpoint {
    static final String MODULE = "module.";
    static final String OPTIMIZER = "optimizer.";
    static final String STATE = "state.";
    static final String STEP = "loop.step";
    static final String EPOCH = "loop.epoch";

    private TrainingCheckpoint() {
    }

    /**
     * Saves the method's whole training state after {@code stepsDone} steps.
     *
     * @param file      the checkpoint file, replaced atomically
     * @param method    the method
     * @param stepsDone optimiser steps completed
     * @param epochDone epochs completed
     */
    public static void save(Path file, Method method, long stepsDone, int epochDone) {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> entries = new LinkedHashMap<>();
            method.modules().forEach((name, module) ->
                    module.stateDict().forEach((key, value) -> entries.put(MODULE + name + "." + key, value)));
            method.optimizer().stateDict().forEach((key, value) -> entries.put(OPTIMIZER + key, value));
            method.state().forEach((key, value) -> entries.put(STATE + key, value.detach()));
            entries.put(STEP, Tensor.of(new long[] {stepsDone}));
            entries.put(EPOCH, Tensor.of(new long[] {epochDone}));
            Checkpoints.save(file, entries);
        }
    }

    /**
     * Copies a checkpoint's state into the method's modules, optimiser and state tensors, strictly: every
     * module entry and state tensor must be present with its shape.
     *
     * @param file   a file {@link #save} wrote
     * @param method the freshly built method
     * @return the steps completed when it was written
     * @throws IllegalArgumentException naming the file and what does not match
     */
    public static long restore(Path file, Method method) {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> stored = Checkpoints.load(file);
            Tensor step = stored.get(STEP);
            if (step == null) {
                throw new IllegalArgumentException("checkpoint " + file + " has no " + STEP
                        + ": it was not written by the RepBench plugin kit's PretrainingLoop");
            }
            for (Map.Entry<String, Module> e : method.modules().entrySet()) {
                Map<String, Tensor> part = withPrefix(stored, MODULE + e.getKey() + ".");
                try {
                    e.getValue().loadStateDict(part, true);
                } catch (RuntimeException ex) {
                    throw new IllegalArgumentException("checkpoint " + file + ", module '" + e.getKey() + "': "
                            + ex.getMessage() + " (was it written by another algorithm or architecture?)", ex);
                }
            }
            method.optimizer().loadStateDict(withPrefix(stored, OPTIMIZER));
            try (GradMode off = GradMode.disabled()) {
                for (Map.Entry<String, Tensor> e : method.state().entrySet()) {
                    Tensor saved = stored.get(STATE + e.getKey());
                    if (saved == null) {
                        throw new IllegalArgumentException("checkpoint " + file + " lacks the method state '" + e.getKey() + "'");
                    }
                    if (!java.util.Arrays.equals(saved.shape(), e.getValue().shape())) {
                        throw new IllegalArgumentException("checkpoint " + file + ": method state '" + e.getKey() + "' is "
                                + java.util.Arrays.toString(saved.shape()) + " but the method has "
                                + java.util.Arrays.toString(e.getValue().shape()));
                    }
                    e.getValue().copyFromInPlace(saved);
                }
            }
            return step.toLongArray()[0];
        }
    }

    private static Map<String, Tensor> withPrefix(Map<String, Tensor> stored, String prefix) {
        Map<String, Tensor> part = new LinkedHashMap<>();
        stored.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                part.put(key.substring(prefix.length()), value);
            }
        });
        return part;
    }
}
