package dev.repbench.torch.nn;

import dev.repbench.api.Device;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A tree of named layers owning its parameters (trained, {@code requires_grad}) and buffers (state such as
 * batch-norm running statistics), named as PyTorch names them: a child's entries get the child's name and a
 * dot as prefix ({@code layer1.0.conv1.weight}), so a state dict moves between RepBench and PyTorch unchanged.
 *
 * <p>Each module keeps its own tensors in a {@link Scope#standalone() standalone scope}; {@link #close()}
 * frees them and those of every child. A module starts in training mode.
 *
 * <p>Subclasses register everything in their constructor, in PyTorch's order (it is the state dict's order):
 * <pre>{@code
 * weight = registerParameter("weight", () -> Init.defaultWeight(Tensor.zeros(out, in)));
 * bn = registerModule("bn", new BatchNorm2d(64));
 * }</pre>
 * Registration creates the tensors in a scope of its own, so constructors need no open scope.
 */
public abstract class Module implements AutoCloseable {
    private final Scope state = Scope.standalone();
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private boolean closed;

    // ---------------------------------------------------------------- registration

    /**
     * Registers a parameter: runs {@code initialiser} in a scope of its own with autograd off, moves the tensor
     * it returns into this module, marks it {@code requires_grad} and returns it.
     */
    protected final Tensor registerParameter(String name, Supplier<Tensor> initialiser) {
        checkName(name);
        Tensor parameter = create(initialiser).requiresGrad(true);
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers a buffer (saved in the state dict, never trained), created as {@link #registerParameter} does. */
    protected final Tensor registerBuffer(String name, Supplier<Tensor> initialiser) {
        checkName(name);
        Tensor buffer = create(initialiser);
        buffers.put(name, buffer);
        return buffer;
    }

    private Tensor create(Supplier<Tensor> initialiser) {
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            return state.keep(initialiser.get());
        }
    }

    /** Registers {@code child} under {@code name}; this module then closes it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        children.put(name, Objects.requireNonNull(child, "child module"));
        child.train(training);
        return child;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a module entry name is non-empty and has no dot, got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has an entry named '" + name + "'");
        }
    }

    /** This module's own parameter {@code name} (not a child's). */
    protected final Tensor parameter(String name) {
        return own(parameters, name);
    }

    /** This module's own buffer {@code name} (not a child's). */
    protected final Tensor buffer(String name) {
        return own(buffers, name);
    }

    private Tensor own(Map<String, Tensor> entries, String name) {
        checkOpen();
        Tensor t = entries.get(name);
        if (t == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no entry '" + name + "'");
        }
        return t;
    }

    // ---------------------------------------------------------------- traversal

    /** The direct children, by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Every parameter of this module and its descendants under its dotted name, in PyTorch's order. These are
     * the module's own tensors (an optimiser updates them in place): do not close them.
     */
    public final Map<String, Tensor> namedParameters() {
        checkOpen();
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, false);
        return out;
    }

    /** Every buffer of this module and its descendants under its dotted name. The module's own tensors: do not close them. */
    public final Map<String, Tensor> namedBuffers() {
        checkOpen();
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return out;
    }

    /** The parameters in {@link #namedParameters()} order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The number of parameter elements. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : namedParameters().values()) {
            n += p.numel();
        }
        return n;
    }

    /**
     * Parameters and buffers under their dotted names, in the order of PyTorch's {@code state_dict()}: each
     * module's parameters, then its buffers, then its children's. The values are detached views sharing
     * storage with the module, owned by the current scope (closing them does not touch the module).
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> entries = liveState();
        Map<String, Tensor> out = new LinkedHashMap<>();
        entries.forEach((name, t) -> out.put(name, t.detach()));
        return out;
    }

    /** The module's own parameter and buffer tensors under their state-dict names. */
    private Map<String, Tensor> liveState() {
        checkOpen();
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withParameters, boolean withBuffers) {
        if (withParameters) {
            parameters.forEach((name, t) -> out.put(prefix + name, t));
        }
        if (withBuffers) {
            buffers.forEach((name, t) -> out.put(prefix + name, t));
        }
        children.forEach((name, child) -> child.collect(prefix + name + ".", out, withParameters, withBuffers));
    }

    // ---------------------------------------------------------------- loading

    /** What a non-strict load left out: entries the module has but the map lacked, and entries it did not use. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        public boolean isComplete() {
            return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
        }
    }

    /**
     * Copies {@code source} into this module's parameters and buffers, in place and without recording autograd
     * history (values are converted to each entry's dtype and device).
     *
     * <p>A shape mismatch always fails, naming every mismatched entry. In strict mode any missing or unexpected
     * key also fails, listing all of them, and nothing is copied: a wrong key prefix never leaves weights at
     * their random initialisation. Non-strict mode copies the matching entries and reports the rest.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> source, boolean strict) {
        Map<String, Tensor> targets = liveState();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor given = source.get(e.getKey());
            if (given == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(given.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": expected " + Arrays.toString(e.getValue().shape())
                        + ", got " + Arrays.toString(given.shape()));
            }
        }
        for (String name : source.keySet()) {
            if (!targets.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (!mismatched.isEmpty() || (strict && !(missing.isEmpty() && unexpected.isEmpty()))) {
            throw new StateDictMismatchException(describeMismatch(missing, unexpected, mismatched, strict));
        }
        try (Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            for (Map.Entry<String, Tensor> e : targets.entrySet()) {
                Tensor given = source.get(e.getKey());
                if (given != null) {
                    e.getValue().copyFromInPlace(given);
                }
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    private String describeMismatch(List<String> missing, List<String> unexpected, List<String> mismatched, boolean strict) {
        StringBuilder message = new StringBuilder("cannot load the state dict into ").append(getClass().getSimpleName())
                .append(strict ? " (strict)" : "").append(": nothing was copied");
        if (!mismatched.isEmpty()) {
            message.append("\n  shape mismatch (").append(mismatched.size()).append("): ").append(String.join("; ", mismatched));
        }
        if (strict && !missing.isEmpty()) {
            message.append("\n  missing keys (").append(missing.size()).append("): ").append(String.join(", ", missing));
        }
        if (strict && !unexpected.isEmpty()) {
            message.append("\n  unexpected keys (").append(unexpected.size()).append("): ").append(String.join(", ", unexpected));
        }
        String prefix = strippablePrefix(missing, unexpected);
        if (prefix != null) {
            message.append("\n  every unexpected key is a missing key with the prefix '").append(prefix)
                    .append("': read the checkpoint with a layout that removes it (CheckpointLayout.ofPrefix(\"").append(prefix)
                    .append("\"), or --strip-prefix ").append(prefix).append(" on the command line)");
        } else {
            message.append("\n  check that the checkpoint was saved from the same architecture and head (e.g. resnet18"
                    + " vs resnet50, number of classes)");
        }
        return message.toString();
    }

    /** The prefix that turns every unexpected key into a missing one (e.g. {@code module.} from DataParallel), if any. */
    private static String strippablePrefix(List<String> missing, List<String> unexpected) {
        if (missing.isEmpty() || unexpected.size() < missing.size()) {
            return null;
        }
        String first = unexpected.getFirst();
        Set<String> wanted = new LinkedHashSet<>(missing);
        for (int cut = first.indexOf('.'); cut >= 0; cut = first.indexOf('.', cut + 1)) {
            String prefix = first.substring(0, cut + 1);
            int matched = 0;
            for (String key : unexpected) {
                if (key.startsWith(prefix) && wanted.contains(key.substring(prefix.length()))) {
                    matched++;
                }
            }
            if (matched == wanted.size()) {
                return prefix;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- mode and placement

    /** Sets training mode ({@code true}) or evaluation mode on this module and all descendants; returns this. */
    public Module train(boolean training) {
        this.training = training;
        children.values().forEach(c -> c.train(training));
        return this;
    }

    /** Evaluation mode: {@code train(false)}. */
    public Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /**
     * Moves every parameter and buffer to {@code device} (a no-op for those already there). Parameters stay
     * leaves that require gradients; earlier gradients are dropped. The tensors are new, so move a module before
     * handing its parameters to an optimiser. Returns this.
     */
    public Module to(Device device) {
        checkOpen();
        moveEntries(parameters, device, true);
        moveEntries(buffers, device, false);
        children.values().forEach(c -> c.to(device));
        return this;
    }

    private void moveEntries(Map<String, Tensor> entries, Device device, boolean trainable) {
        replaceEntries(entries, trainable, old -> !old.device().equals(device), old -> old.to(device));
    }

    /**
     * Puts every 4-d parameter and buffer (the convolution weights) in channels-last memory order, as PyTorch's
     * {@code module.to(memory_format=torch.channels_last)}: oneDNN's convolutions then run in NHWC and hand
     * channels-last activations on, instead of reordering at every layer. Shapes, values and names are unchanged,
     * and so are state dicts, checkpoints and ONNX export (they read values, not memory order). Parameters stay
     * leaves that require gradients; earlier gradients are dropped. The tensors are new, so convert a module before
     * handing its parameters to an optimiser. Returns this.
     */
    public Module toChannelsLast() {
        checkOpen();
        Predicate<Tensor> convolutionLike = t -> t.ndim() == 4 && !t.isChannelsLast();
        replaceEntries(parameters, true, convolutionLike, Tensor::toChannelsLast);
        replaceEntries(buffers, false, convolutionLike, Tensor::toChannelsLast);
        children.values().forEach(Module::toChannelsLast);
        return this;
    }

    /** Replaces the entries {@code affected} selects by what {@code replacement} makes of them, closing the old tensors. */
    private void replaceEntries(Map<String, Tensor> entries, boolean trainable, Predicate<Tensor> affected,
                                UnaryOperator<Tensor> replacement) {
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            Tensor old = e.getValue();
            if (!affected.test(old)) {
                continue;
            }
            Tensor replaced = create(() -> replacement.apply(old));
            if (trainable) {
                replaced.requiresGrad(true);
            }
            e.setValue(replaced);
            old.close();
        }
    }

    /** Frees every parameter and buffer of this module and its descendants. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        children.values().forEach(Module::close);
        state.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " used after close()");
        }
    }
}
