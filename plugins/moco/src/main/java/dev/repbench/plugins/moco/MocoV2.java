package dev.repbench.plugins.moco;

/**
 * MoCo v2 (Chen et al. 2020): MoCo v1 with an MLP head, blur augmentation, temperature 0.2 and the cosine
 * schedule. See {@link MocoSettings} for every default.
 */
public final class MocoV2 extends MocoAlgorithm {
    public MocoV2() {
        super(MocoVariant.V2);
    }

    @Override
    public String description() {
        return "MoCo v2 (Chen et al. 2020): momentum contrast with an MLP head and blur augmentation";
    }
}
