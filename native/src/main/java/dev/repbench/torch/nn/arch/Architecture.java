package dev.repbench.torch.nn.arch;

import dev.repbench.api.Provider;
import dev.repbench.torch.nn.Backbone;
import java.util.OptionalDouble;

/**
 * One encoder architecture: its name (what specs, {@code --arch} and {@code encoder.json} say), a one-line
 * description, its {@link #layout()} and a way to build it. Found through {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.repbench.torch.nn.arch.Architecture}, as algorithms and tasks are, so a plugin jar
 * adds architectures without any change to RepBench.
 *
 * <p>As for every {@link Provider}, constructing one and calling {@link #name()}, {@link #description()} and
 * {@link #layout()} must be cheap and must not touch libtorch: RepBench lists and validates architectures without
 * loading it. Only {@link #build} does.
 */
public interface Architecture extends Provider {

    /** @return what the network's outputs look like, known without building it */
    ArchitectureLayout layout();

    /**
     * The multiply-accumulates of one forward pass of the network on one square image of the {@link
     * ArchitectureLayout#defaultInputSide() default side}, in billions (GMACs): what the benchmarks turn into FLOP
     * rates. Empty when not known, as by default: a benchmark that reports FLOP rates then refuses the architecture.
     */
    default OptionalDouble forwardGmacs() {
        return OptionalDouble.empty();
    }

    /**
     * {@link #forwardGmacs()} at another side, scaled by the image's area as a convolutional network's work is; an
     * architecture whose work grows otherwise (a ViT's attention) overrides this.
     *
     * @param side the square image's side, at least 1
     */
    default OptionalDouble forwardGmacs(int side) {
        OptionalDouble atDefault = forwardGmacs();
        if (atDefault.isEmpty()) {
            return atDefault;
        }
        double ratio = side / (double) layout().defaultInputSide();
        return OptionalDouble.of(atDefault.getAsDouble() * ratio * ratio);
    }

    /**
     * A newly initialised network (randomness from libtorch's generator: seed it first), in training mode, on
     * the CPU.
     *
     * @param classes a classifier's classes on top of the embedding, for checkpoints that keep one (torchvision's
     *                {@code fc}); 0 for none
     * @return the network, owned by the caller (close it)
     * @throws IllegalArgumentException if {@code classes} is negative, or positive for an architecture without a
     *                                  classifier
     */
    Backbone build(long classes);

    /** @return {@link #build(long) build(0)}: the encoder alone, as pretraining and export use it */
    default Backbone build() {
        return build(0);
    }
}
