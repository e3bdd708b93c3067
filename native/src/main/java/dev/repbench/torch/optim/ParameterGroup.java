package dev.repbench.torch.optim;

import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Parameters an optimizer treats alike: whether the optimizer's weight decay applies to them, and whether
 * {@link LARS} adapts their learning rate layer-wise (other optimizers ignore that flag).
 *
 * <p>SimCLR, BYOL and the LARS setups derived from them exclude biases and batch-norm parameters from both;
 * {@link #excludingBiasesAndNorms} builds that split.
 *
 * @param parameters      leaf tensors that require gradients; the optimizer updates them in place
 * @param weightDecay     whether the optimizer's weight decay applies (false: decay 0 for this group)
 * @param layerAdaptation whether LARS scales this group's updates by the trust ratio
 */
public record ParameterGroup(List<Tensor> parameters, boolean weightDecay, boolean layerAdaptation) {

    public ParameterGroup {
        parameters = List.copyOf(parameters);
    }

    /** A group with weight decay and layer adaptation. */
    public static ParameterGroup of(List<Tensor> parameters) {
        return new ParameterGroup(parameters, true, true);
    }

    /** A group excluded from weight decay and layer adaptation. */
    public static ParameterGroup excluded(List<Tensor> parameters) {
        return new ParameterGroup(parameters, false, false);
    }

    /** All parameters in one group with weight decay and layer adaptation: the optimizer treats them alike. */
    public static List<ParameterGroup> all(List<Tensor> parameters) {
        return List.of(of(parameters));
    }

    /**
     * Two groups: tensors of two or more dimensions (weights of convolutions and linear layers) with weight
     * decay and layer adaptation, and one-dimensional tensors (biases, batch-norm scales and shifts) excluded
     * from both. This is the rule of solo-learn's {@code exclude_bias_n_norm} ({@code p.ndim == 1}); SimCLR and
     * BYOL exclude by name ("bias", "batch_normalization"), which for a ResNet selects the same tensors.
     * An empty group is left out.
     */
    public static List<ParameterGroup> excludingBiasesAndNorms(List<Tensor> parameters) {
        List<Tensor> weights = new ArrayList<>();
        List<Tensor> biasesAndNorms = new ArrayList<>();
        for (Tensor p : parameters) {
            (p.ndim() <= 1 ? biasesAndNorms : weights).add(p);
        }
        List<ParameterGroup> groups = new ArrayList<>();
        if (!weights.isEmpty()) {
            groups.add(of(weights));
        }
        if (!biasesAndNorms.isEmpty()) {
            groups.add(excluded(biasesAndNorms));
        }
        return List.copyOf(groups);
    }
}
