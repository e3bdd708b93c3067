package dev.repbench.plugins.kit.train;

import dev.repbench.plugins.kit.augment.Augmentation;
import java.util.Objects;

/**
 * Views a method wants of every image in a step: {@code count} independent draws of one augmentation.
 * MoCo asks for {@code (mocoV2, 2)}; SwAV for {@code (global, 2)} and {@code (local, 6)}.
 *
 * @param name         a short name, used in errors and provenance ({@code "global"}, {@code "local"})
 * @param augmentation the augmentation, applied batch-wise on the device
 * @param count        how many views, at least 1
 */
public record ViewSpec(String name, Augmentation augmentation, int count) {
    public ViewSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(augmentation, "augmentation");
        if (count < 1) {
            throw new IllegalArgumentException("view '" + name + "' needs a count of 1 or more, got " + count);
        }
    }
}
