package dev.repbench.plugins.swav;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.PretrainingLoop;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code swav}: SwAV (Caron et al., 2020) with the paper's hyperparameters ({@link SwavSettings#PAPER}) and
 * loop defaults sized for a 2-core CPU and 32² images: batch 64, side 32. Learning rates are given for a batch
 * of 256 and scaled linearly to the run's batch; the small crops keep the paper's 96/224 ratio to the image side.
 */
public final class SwavAlgorithm implements PretrainingAlgorithm {
    /** The loop's defaults for this algorithm. */
    public static final LoopSettings LOOP_DEFAULTS = new LoopSettings(64, 32, 2);

    @Override
    public String name() {
        return "swav";
    }

    @Override
    public String description() {
        return "SwAV: online clustering, swapped prediction of Sinkhorn-Knopp assignments across multi-crop views";
    }

    @Override
    public AlgorithmConfig defaultConfig() {
        Map<String, Object> values = new LinkedHashMap<>();
        SwavSettings.PAPER.addTo(values);
        LoopSettings.addDefaults(values, LOOP_DEFAULTS);
        return new AlgorithmConfig(values);
    }

    @Override
    public TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        LoopSettings loop = LoopSettings.from(context.config());
        SwavSettings settings = SwavSettings.from(context.config());
        settings.effectiveQueueLength(loop.batchSize()); // refuses a queue shorter than a batch before any work
        return PretrainingLoop.run(context, loop, () -> new SwavMethod(settings, loop.batchSize(),
                context.architectureName(), context.device(), MultiCropViews.of(settings, loop.imageSide())));
    }
}
