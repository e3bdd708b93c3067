package dev.repbench.plugins.moco;

import dev.repbench.plugins.kit.augment.Augmentation;
import dev.repbench.plugins.kit.augment.Augmentations;

/**
 * What tells MoCo v1 and v2 apart by default: v2 adds the MLP head, the blur augmentation, a higher temperature
 * and the cosine schedule (Chen et al. 2020, "Improved baselines with momentum contrastive learning").
 */
enum MocoVariant {
    V1("moco-v1", 0.07, false, MocoSchedule.Kind.STEP),
    V2("moco-v2", 0.2, true, MocoSchedule.Kind.COSINE);

    private final String id;
    private final double temperature;
    private final boolean mlpHead;
    private final MocoSchedule.Kind schedule;

    MocoVariant(String id, double temperature, boolean mlpHead, MocoSchedule.Kind schedule) {
        this.id = id;
        this.temperature = temperature;
        this.mlpHead = mlpHead;
        this.schedule = schedule;
    }

    /** @return the algorithm's name, also the name of its augmentation preset */
    String id() {
        return id;
    }

    double temperature() {
        return temperature;
    }

    boolean mlpHead() {
        return mlpHead;
    }

    MocoSchedule.Kind schedule() {
        return schedule;
    }

    /** @return the kit's preset for this variant, for images of {@code side × side}, crops of cropMinScale–1 */
    Augmentation augmentation(int side, double cropMinScale) {
        return switch (this) {
            case V1 -> Augmentations.mocoV1(side, cropMinScale);
            case V2 -> Augmentations.mocoV2(side, cropMinScale);
        };
    }

    /** @return the variant called {@code id} */
    static MocoVariant fromId(String id) {
        for (MocoVariant variant : values()) {
            if (variant.id.equals(id)) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown MoCo augmentation '" + id + "': use moco-v1 or moco-v2");
    }
}
