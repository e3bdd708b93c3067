package org.example.byol;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.SpiVersion;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.augment.Augmentations;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.PretrainingLoop;
import dev.repbench.plugins.kit.train.ViewSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BYOL (Grill et al., 2020) as a RepBench pretraining algorithm, found through
 * {@code META-INF/services/dev.repbench.api.PretrainingAlgorithm}. RepBench creates it just to list it, so the
 * constructor does nothing; all work happens in {@link #pretrain}.
 */
public final class ByolAlgorithm implements PretrainingAlgorithm {
    /** The loop's settings for a CPU and Fashion-MNIST: 64 images of 32 × 32 per step, two loader threads. */
    static final LoopSettings LOOP_DEFAULTS = new LoopSettings(64, 32, 2);

    /** For {@link java.util.ServiceLoader}. */
    public ByolAlgorithm() {
    }

    @Override
    public String name() {
        return "byol";
    }

    @Override
    public String description() {
        return "BYOL: an online network predicts a slowly averaged target network's projection of another view (example plugin)";
    }

    /** The api this class was compiled against (the constants are copied in at compile time). */
    @Override
    public SpiVersion spiVersion() {
        return SpiVersion.of(SpiVersion.MAJOR, SpiVersion.MINOR);
    }

    @Override
    public AlgorithmConfig defaultConfig() {
        Map<String, Object> values = new LinkedHashMap<>();
        ByolHyperparameters.PAPER.addTo(values);
        LoopSettings.addDefaults(values, LOOP_DEFAULTS);
        return new AlgorithmConfig(values);
    }

    @Override
    public TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        ByolHyperparameters hyperparameters = ByolHyperparameters.from(context.config());
        LoopSettings settings = LoopSettings.from(context.config());
        return PretrainingLoop.run(context, settings, () -> new ByolMethod(context.architectureName(), hyperparameters,
                settings.batchSize(), views(settings.imageSide()), context.device()));
    }

    /** BYOL's asymmetric pair: the first view always blurred and never solarised, the second rarely blurred and sometimes solarised. */
    static List<ViewSpec> views(int side) {
        return List.of(new ViewSpec("byol-first", Augmentations.byolFirst(side), 1),
                new ViewSpec("byol-second", Augmentations.byolSecond(side), 1));
    }
}
