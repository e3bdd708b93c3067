package dev.repbench.plugins.kit.train;

import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The one training loop every kit-based plugin uses. See {@link Method} for the order of calls.
 *
 * <p>Responsibilities: thread count and device check; seeding (libtorch once before {@code factory} runs; the
 * data order from (seed, epoch); each step's {@link java.util.SplittableRandom} from (seed, step)); the
 * prefetching loader (drops the last incomplete batch, as the reference implementations do); views; the
 * schedule; progress (loss, images/s) through {@link PretrainingContext#progress()}; checkpoints written
 * atomically at {@link PretrainingContext#checkpointEveryEpochs()} and {@link PretrainingContext#checkpointEverySteps()}
 * and reported; resume from {@link PretrainingContext#resumeFrom()} that retraces an uninterrupted run bit for
 * bit on CPU; the final {@code encoder.pt} (the backbone's state dict) in the output folder.
 */
public final class PretrainingLoop {
    // TODO(kit helper): implement; see the class comment. Signature is the contract the plugins code against.

    private PretrainingLoop() {
    }

    /**
     * Runs a whole pretraining.
     *
     * @param context  what RepBench gives the run
     * @param settings the loop's own settings (batch size, base image side, …), usually read from the config
     * @param factory  builds the method; called after libtorch is seeded
     * @return the trained encoder
     * @throws IOException if a checkpoint cannot be written or read
     */
    public static TrainedEncoder run(PretrainingContext context, LoopSettings settings, Supplier<? extends Method> factory)
            throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
