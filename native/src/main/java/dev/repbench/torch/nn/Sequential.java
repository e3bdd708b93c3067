package dev.repbench.torch.nn;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layers applied in order, named {@code 0}, {@code 1}, … as in {@code torch.nn.Sequential} (so a state dict
 * reads {@code downsample.0.weight}).
 */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Layer> layers) {
        for (Layer layer : layers) {
            registerModule(Integer.toString(this.layers.size()), layer);
            this.layers.add(layer);
        }
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    /** Applies the layers in turn; the intermediate results are freed when it returns. */
    @Override
    public Tensor forward(Tensor input) {
        if (layers.isEmpty()) {
            return input.alias();
        }
        try (Scope inner = Scope.open()) {
            Tensor x = input;
            for (Layer layer : layers) {
                x = layer.forward(x);
            }
            return inner.keepInParent(x);
        }
    }
}
