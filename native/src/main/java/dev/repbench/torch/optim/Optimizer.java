package dev.repbench.torch.optim;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An optimizer over groups of parameter tensors: {@link #step()} updates every parameter that has a gradient,
 * in place and without recording autograd history.
 *
 * <p>Per-parameter state (momentum buffers, moment estimates, step counts) lives in the optimizer's own
 * standalone {@link Scope} until {@link #close()}. {@link #stateDict()} and {@link #loadStateDict} copy it out and
 * back in, so a run resumed from a checkpoint continues bit for bit as if never interrupted.
 *
 * <p>Subclasses implement one parameter's update in {@link #update} and name their state buffers in
 * {@link #stateBufferNames()}. Not thread-safe: one thread drives an optimizer.
 */
public abstract class Optimizer implements AutoCloseable {
    private static final String LEARNING_RATE_KEY = "learning_rate";
    private static final String STEP = "step";
    private static final Pattern STATE_KEY = Pattern.compile("state\\.(\\d+)\\.(\\w+)");

    private final List<ParameterGroup> groups;
    private final List<Tensor> parameters;
    private final List<ParameterState> states;
    private final Scope stateScope = Scope.standalone();
    private double learningRate;
    private boolean closed;

    /**
     * @param groups       the parameters, in groups; a parameter's position in the flattened groups is its index
     *                     in the state dict
     * @param learningRate the initial learning rate
     */
    protected Optimizer(List<ParameterGroup> groups, double learningRate) {
        this.groups = List.copyOf(groups);
        List<Tensor> flat = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParameterGroup group : this.groups) {
            for (Tensor p : group.parameters()) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("a parameter appears twice in the groups: " + p);
                }
                flat.add(p);
            }
        }
        if (flat.isEmpty()) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter");
        }
        this.parameters = List.copyOf(flat);
        this.states = new ArrayList<>(Collections.nCopies(flat.size(), null));
        setLearningRate(learningRate);
    }

    // ---------------------------------------------------------------- the update

    /**
     * Updates every parameter that has a gradient (parameters without one are left alone, their state too),
     * with autograd recording off. Temporaries are freed parameter by parameter.
     */
    public final void step() {
        checkOpen();
        try (GradMode _ = GradMode.disabled()) {
            int index = 0;
            for (ParameterGroup group : groups) {
                for (Tensor parameter : group.parameters()) {
                    try (Scope _ = Scope.open()) { // this parameter's temporaries, freed before the next one
                        Tensor gradient = parameter.grad();
                        if (gradient != null) {
                            ParameterState state = stateOf(index);
                            state.steps++;
                            update(parameter, gradient, group, state);
                        }
                    }
                    index++;
                }
            }
        }
    }

    /**
     * Updates one parameter in place from its gradient. Runs with autograd off, inside a scope that frees the
     * temporaries afterwards; {@code state.steps()} already counts this step.
     */
    protected abstract void update(Tensor parameter, Tensor gradient, ParameterGroup group, ParameterState state);

    /** The names of the buffers every updated parameter has in its state (the state dict must hold all of them). */
    protected abstract Set<String> stateBufferNames();

    /** Drops every parameter's gradient (like PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        for (Tensor p : parameters) {
            p.clearGrad();
        }
    }

    /** {@code weightDecay} when the group takes weight decay, else 0. */
    protected static double weightDecayFor(ParameterGroup group, double weightDecay) {
        return group.weightDecay() ? weightDecay : 0.0;
    }

    // ---------------------------------------------------------------- learning rate

    public double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate used from the next {@link #step()} on (a schedule calls this every step or epoch). */
    public final void setLearningRate(double learningRate) {
        Checks.nonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    // ---------------------------------------------------------------- parameters and state

    public List<ParameterGroup> groups() {
        return groups;
    }

    /** The parameters of all groups in order; a parameter's position here is its index in the state dict. */
    public List<Tensor> parameters() {
        return parameters;
    }

    /**
     * A copy of the optimizer's state, in the current scope: {@code learning_rate} (float64 scalar) and, for every
     * parameter {@code i} updated at least once, {@code state.i.step} (int64 scalar: the updates it received) and
     * {@code state.i.<buffer>} for each of {@link #stateBufferNames()}. The copies do not change with later steps.
     */
    public Map<String, Tensor> stateDict() {
        checkOpen();
        Map<String, Tensor> dict = new LinkedHashMap<>();
        dict.put(LEARNING_RATE_KEY, Tensor.of(new double[] {learningRate}));
        for (int i = 0; i < states.size(); i++) {
            ParameterState state = states.get(i);
            if (state == null) {
                continue;
            }
            dict.put(stateKey(i, STEP), Tensor.of(new long[] {state.steps}));
            for (Map.Entry<String, Tensor> buffer : state.buffers.entrySet()) {
                dict.put(stateKey(i, buffer.getKey()), buffer.getValue().detach().clone());
            }
        }
        return dict;
    }

    /**
     * Replaces the optimizer's state (and learning rate) by a copy of {@code dict}, as {@link #stateDict()} made it.
     * Buffers are converted to their parameter's dtype and device. The dict is checked first: an unknown key, a
     * missing buffer or a shape that does not match the parameter throws {@link IllegalArgumentException} and
     * leaves the optimizer unchanged.
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        checkOpen();
        Tensor learningRateEntry = dict.get(LEARNING_RATE_KEY);
        if (learningRateEntry == null) {
            throw new IllegalArgumentException("the state dict has no " + LEARNING_RATE_KEY);
        }
        Map<Integer, Map<String, Tensor>> entriesByParameter = entriesByParameter(dict);
        double loadedLearningRate = learningRateEntry.item();

        for (int i = 0; i < states.size(); i++) {
            if (states.get(i) != null) {
                states.get(i).free();
                states.set(i, null);
            }
        }
        try (Scope _ = Scope.open(); GradMode _ = GradMode.disabled()) {
            for (Map.Entry<Integer, Map<String, Tensor>> e : entriesByParameter.entrySet()) {
                Tensor parameter = parameters.get(e.getKey());
                ParameterState state = stateOf(e.getKey());
                for (Map.Entry<String, Tensor> entry : e.getValue().entrySet()) {
                    if (entry.getKey().equals(STEP)) {
                        state.steps = entry.getValue().toLongArray()[0];
                    } else {
                        Tensor copy = entry.getValue().detach().to(parameter.dtype()).to(parameter.device()).clone();
                        state.putBuffer(entry.getKey(), copy);
                    }
                }
            }
        }
        setLearningRate(loadedLearningRate);
    }

    /** The state entries grouped by parameter index, checked against this optimizer's parameters and buffers. */
    private Map<Integer, Map<String, Tensor>> entriesByParameter(Map<String, Tensor> dict) {
        Map<Integer, Map<String, Tensor>> byParameter = new TreeMap<>();
        for (Map.Entry<String, Tensor> entry : dict.entrySet()) {
            String key = entry.getKey();
            if (key.equals(LEARNING_RATE_KEY)) {
                continue;
            }
            Matcher m = STATE_KEY.matcher(key);
            if (!m.matches()) {
                throw new IllegalArgumentException("unknown key in the state dict: " + key);
            }
            int index = Integer.parseInt(m.group(1));
            String name = m.group(2);
            if (index >= parameters.size()) {
                throw new IllegalArgumentException(key + ": this optimizer has only " + parameters.size() + " parameters");
            }
            if (!name.equals(STEP) && !stateBufferNames().contains(name)) {
                throw new IllegalArgumentException(key + ": " + getClass().getSimpleName() + " keeps no buffer named "
                        + name + " with these options (it keeps " + stateBufferNames() + ")");
            }
            Tensor value = entry.getValue();
            long[] expectedShape = name.equals(STEP) ? new long[0] : parameters.get(index).shape();
            if (!Arrays.equals(value.shape(), expectedShape)) {
                throw new IllegalArgumentException(key + " has shape " + Arrays.toString(value.shape())
                        + " where " + Arrays.toString(expectedShape) + " was expected");
            }
            byParameter.computeIfAbsent(index, k -> new TreeMap<>()).put(name, value);
        }
        for (Map.Entry<Integer, Map<String, Tensor>> e : byParameter.entrySet()) {
            Set<String> expected = new TreeSet<>(stateBufferNames());
            expected.add(STEP);
            if (!e.getValue().keySet().equals(expected)) {
                throw new IllegalArgumentException("the state of parameter " + e.getKey() + " holds "
                        + e.getValue().keySet() + " where " + expected + " was expected");
            }
        }
        return byParameter;
    }

    private static String stateKey(int index, String name) {
        return "state." + index + "." + name;
    }

    private ParameterState stateOf(int index) {
        ParameterState state = states.get(index);
        if (state == null) {
            state = new ParameterState(stateScope);
            states.set(index, state);
        }
        return state;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " used after close()");
        }
    }

    /** Frees the optimizer's state. The parameters are not touched. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stateScope.close();
        }
    }

    /**
     * One parameter's optimizer state: how many updates it received and its named buffers, owned by the
     * optimizer.
     */
    protected static final class ParameterState {
        private final Scope owner;
        private final Map<String, Tensor> buffers = new TreeMap<>();
        private long steps;

        private ParameterState(Scope owner) {
            this.owner = owner;
        }

        /** The updates this parameter received, counting the one in progress. */
        public long steps() {
            return steps;
        }

        /** The buffer named {@code name}, or null before it was first stored. */
        public Tensor buffer(String name) {
            return buffers.get(name);
        }

        /** The buffer named {@code name}, created as zeros shaped like {@code like} if absent. */
        public Tensor bufferOrZeros(String name, Tensor like) {
            Tensor buffer = buffers.get(name);
            return buffer != null ? buffer : putBuffer(name, TensorMath.zerosLike(like));
        }

        /** Moves {@code tensor} into the optimizer's state as buffer {@code name} (freeing an earlier one); returns it. */
        public Tensor putBuffer(String name, Tensor tensor) {
            Tensor previous = buffers.put(name, owner.keep(tensor));
            if (previous != null && previous != tensor) {
                previous.close();
            }
            return tensor;
        }

        private void free() {
            buffers.values().forEach(Tensor::close);
            buffers.clear();
        }
    }
}
