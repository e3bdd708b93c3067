package dev.repbench.plugins.kit.augment;

import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;
import java.util.SplittableRandom;

/** Per-image parameters drawn in Java, turned into tensors that broadcast over a {@code [B, C, H, W]} batch. */
final class PerImage {
    private PerImage() {
    }

    /** @return {@code values} as a float32 {@code [B, 1, 1, 1]} tensor on {@code like}'s device */
    static Tensor column(double[] values, Tensor like) {
        float[] data = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (float) values[i];
        }
        return Tensor.of(data, values.length, 1, 1, 1).to(like.device());
    }

    /** @return {@code flags} as a bool {@code [B, 1, 1, 1]} tensor on {@code like}'s device */
    static Tensor mask(boolean[] flags, Tensor like) {
        byte[] data = new byte[flags.length];
        for (int i = 0; i < flags.length; i++) {
            data[i] = (byte) (flags[i] ? 1 : 0);
        }
        return Tensor.of(data, flags.length, 1, 1, 1).to(DType.BOOL).to(like.device());
    }

    /** @return for each of {@code count} images, whether an augmentation applied with probability {@code p} applies */
    static boolean[] draws(int count, double p, SplittableRandom random) {
        boolean[] applied = new boolean[count];
        for (int i = 0; i < count; i++) {
            applied[i] = random.nextDouble() < p;
        }
        return applied;
    }

    /** @return whether any flag is set */
    static boolean any(boolean[] flags) {
        for (boolean f : flags) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    /** Checks a probability argument. */
    static double probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " probability must be in [0, 1], got " + p);
        }
        return p;
    }

    /** The batch size of a {@code [B, C, H, W]} batch, checked. */
    static int batchSize(Tensor images) {
        if (images.ndim() != 4) {
            throw new IllegalArgumentException("augmentations take a [B, C, H, W] batch, got shape "
                    + java.util.Arrays.toString(images.shape()));
        }
        return Math.toIntExact(images.size(0));
    }
}
