package dev.repbench.runtime.eval;

import dev.repbench.api.Device;
import dev.repbench.api.EndTask;
import dev.repbench.runtime.encoder.LoadedEncoder;
import java.util.Objects;

/**
 * Everything a {@link Protocol} runs one cell with.
 *
 * @param encoder  the frozen encoder, at the input size the cell feeds it
 * @param task     the end task
 * @param config   the head-training settings, epochs and batch resolved
 * @param seed     the cell's seed: head initialisation, sample order
 * @param splits   the task's opened splits and the validation carve
 * @param features the feature cache, through which the protocol reads (and fills) the encoder's features; its
 *                 settings' device is also the one heads train on ({@link #device()})
 */
public record ProtocolInput(LoadedEncoder encoder, EndTask task, ProtocolConfig config, long seed, TaskSplits splits,
                            CachedFeatures features) {
    public ProtocolInput {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(features, "features");
    }

    /**
     * Where the head trains: the run's device. On a GPU it trains there even where ONNX Runtime computed the features
     * on its CPU provider (the CUDA one missing, said in one line by the command).
     */
    public Device device() {
        return features.settings().device();
    }
}
