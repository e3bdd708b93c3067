package dev.repbench.plugins.moco;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Shuffled batch norm on one device. The papers train on eight GPUs, each normalising its 32 images with their
 * own batch statistics, and shuffle the key encoder's images across GPUs so that a query and its positive key
 * are not normalised with the same images' statistics (which the network could exploit to cheat). Here an encoder
 * runs once per group of the batch, as each GPU would: the query encoder on consecutive groups, the key encoder
 * on groups of a random permutation of the batch, whose outputs are then put back in the batch's order.
 */
final class BatchGroups {

    private BatchGroups() {
    }

    /**
     * @param batch   {@code [B, …]}, B a multiple of {@code groups}
     * @param groups  the emulated devices; 1 runs the encoder once on the whole batch
     * @param encoder a per-group forward pass whose batch statistics stay within the group
     * @return the outputs in the batch's order, concatenated, in the current scope
     */
    static Tensor inGroups(Tensor batch, int groups, UnaryOperator<Tensor> encoder) {
        checkGroups(batch.size(0), groups);
        if (groups == 1) {
            return encoder.apply(batch);
        }
        try (Scope inner = Scope.open()) {
            List<Tensor> outputs = new ArrayList<>(groups);
            for (Tensor group : batch.chunk(groups, 0)) {
                outputs.add(encoder.apply(group));
            }
            return inner.keepInParent(Tensor.cat(outputs, 0));
        }
    }

    /**
     * As {@link #inGroups}, but the groups are drawn from a random permutation of the batch and the outputs
     * are put back in the batch's order. With one group there is nothing to shuffle.
     *
     * @param random the source of the permutation (the step's randomness)
     */
    static Tensor shuffledInGroups(Tensor batch, int groups, SplittableRandom random, UnaryOperator<Tensor> encoder) {
        int size = Math.toIntExact(batch.size(0));
        checkGroups(size, groups);
        if (groups == 1) {
            return encoder.apply(batch);
        }
        int[] permutation = permutation(size, random);
        try (Scope inner = Scope.open()) {
            Tensor shuffled = batch.indexSelect(0, index(permutation, batch));
            Tensor outputs = inGroups(shuffled, groups, encoder);
            return inner.keepInParent(outputs.indexSelect(0, index(inverse(permutation), outputs)));
        }
    }

    /** A uniformly random permutation of {@code 0 … size − 1} (Fisher–Yates). */
    static int[] permutation(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The permutation that undoes {@code permutation}: {@code inverse[permutation[i]] = i}. */
    static int[] inverse(int[] permutation) {
        int[] inverse = new int[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            inverse[permutation[i]] = i;
        }
        return inverse;
    }

    private static Tensor index(int[] positions, Tensor like) {
        long[] values = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            values[i] = positions[i];
        }
        Tensor onCpu = Tensor.of(values, values.length);
        return like.device().isCuda() ? onCpu.to(like.device()) : onCpu;
    }

    /** Refuses a group count that does not split {@code batchSize} into groups of 2 or more. */
    static void checkGroups(long batchSize, int groups) {
        if (groups < 1 || batchSize % groups != 0 || batchSize / groups < 2) {
            throw new IllegalArgumentException(MocoSettings.SHUFFLE_BN_GROUPS + " = " + groups + " does not fit a batch of "
                    + batchSize + ": it must divide the batch size into groups of 2 or more images (1 disables shuffled"
                    + " batch norm)");
        }
    }
}
