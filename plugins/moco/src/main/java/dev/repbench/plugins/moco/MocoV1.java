package dev.repbench.plugins.moco;

/**
 * MoCo v1 (He et al., CVPR 2020): a linear 128-d head, temperature 0.07, the step schedule and MoCo v1's
 * augmentation. See {@link MocoSettings} for every default.
 */
public final class MocoV1 extends MocoAlgorithm {
    public MocoV1() {
        super(MocoVariant.V1);
    }

    @Override
    public String description() {
        return "MoCo v1 (He et al. 2020): momentum contrast with a key encoder and a queue of 65,536 negatives";
    }
}
