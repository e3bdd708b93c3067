package dev.repbench.plugins.moco;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.augment.Augmentation;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.PretrainingLoop;

import java.io.IOException;
import java.util.Map;

/**
 * What MoCo v1 and v2 share as RepBench algorithms: the defaults of their variant ({@link MocoSettings}) plus the
 * loop's, sized for a 2-core CPU (batch 64, 32-px images), and a run of {@link MocoMethod} in the kit's loop.
 */
abstract sealed class MocoAlgorithm implements PretrainingAlgorithm permits MocoV1, MocoV2 {
    /** The loop settings MoCo runs with unless the config overrides them. */
    static final LoopSettings LOOP_DEFAULTS = new LoopSettings(64, 32, 2);

    private final MocoVariant variant;

    MocoAlgorithm(MocoVariant variant) {
        this.variant = variant;
    }

    @Override
    public final String name() {
        return variant.id();
    }

    @Override
    public final AlgorithmConfig defaultConfig() {
        Map<String, Object> values = MocoSettings.defaults(variant);
        LoopSettings.addDefaults(values, LOOP_DEFAULTS);
        return new AlgorithmConfig(values);
    }

    @Override
    public final TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        MocoSettings settings = MocoSettings.from(context.config());
        LoopSettings loop = LoopSettings.from(context.config());
        Augmentation augmentation = settings.augmentationPreset().augmentation(loop.imageSide(),
                settings.cropMinScale());
        return PretrainingLoop.run(context, loop, () -> new MocoMethod(settings, context.architectureName(), loop.batchSize(),
                context.trainingImages().size(), augmentation, context.device()));
    }
}
