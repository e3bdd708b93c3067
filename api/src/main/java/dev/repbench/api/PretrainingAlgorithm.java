package dev.repbench.api;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import java.io.IOException;

/**
 * A pretraining algorithm (MoCo v2, SwAV, PIRL, supervised, ...): trains an encoder and returns
 * it as a checkpoint. Registered in {@code META-INF/services/dev.repbench.api.PretrainingAlgorithm}.
 */
public interface PretrainingAlgorithm extends Provider {

    /**
     * The hyperparameters with their default values; a run spec may override any of them,
     * and only them (see {@link AlgorithmConfig#withOverrides}).
     *
     * @return the defaults
     */
    AlgorithmConfig defaultConfig();

    /**
     * Whether the algorithm trains on class labels (a supervised baseline) and so cannot run on unlabelled images;
     * RepBench then refuses an unlabelled training set before anything is written, naming the fix.
     *
     * @return true if {@link PretrainingContext#trainingClassCount()} must be present
     * @since 1.1
     */
    default boolean needsLabelledImages() {
        return false;
    }

    /**
     * Trains an encoder as the context says, reporting progress and checkpoints through it.
     * Runs on the calling thread; may use up to {@link PretrainingContext#threads()} threads.
     *
     * @param context the run's inputs and hooks
     * @return the trained encoder, its checkpoint inside {@link PretrainingContext#outputDirectory()}
     * @throws IOException if reading data or writing the checkpoint fails
     */
    TrainedEncoder pretrain(PretrainingContext context) throws IOException;
}
