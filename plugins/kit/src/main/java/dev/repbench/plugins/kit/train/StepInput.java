package dev.repbench.plugins.kit.train;

import dev.repbench.torch.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training step's input, made by {@link PretrainingLoop}. All tensors belong to the step's scope and
 * are on the run's device.
 *
 * @param step    the optimiser step about to be taken, from 0 over the whole run
 * @param epoch   the epoch it belongs to, from 0
 * @param views   the augmented, normalised views in the order of {@link Method#views()}, each
 *                {@code [B, 3, h, w]} (a spec with count 2 contributes two consecutive entries)
 * @param labels  the class labels {@code [B]} (int64) when the training set is labelled, else null
 * @param indices each image's index in the training set (for memory banks), length B
 * @param random  randomness for this step only (shuffles, negatives), derived from (seed, step)
 */
public record StepInput(long step, int epoch, List<Tensor> views, Tensor labels, int[] indices, SplittableRandom random) {
    public StepInput {
        views = List.copyOf(views);
    }

    /** @return the batch size */
    public int batchSize() {
        return indices.length;
    }
}
