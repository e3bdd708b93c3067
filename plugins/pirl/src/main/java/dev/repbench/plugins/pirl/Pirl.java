package dev.repbench.plugins.pirl;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.PretrainingLoop;
import java.io.IOException;
import java.util.Map;

/**
 * PIRL (Misra &amp; van der Maaten, CVPR 2020) as a RepBench pretraining algorithm: see the package comment and
 * {@link PirlMethod}. Defaults are the reference's ImageNet hyperparameters ({@link PirlSettings}); the loop's
 * defaults (batch 64, 32-px images) are sized for a 2-core CPU.
 */
public final class Pirl implements PretrainingAlgorithm {
    /** The loop settings PIRL runs with unless the config overrides them. */
    static final LoopSettings LOOP_DEFAULTS = new LoopSettings(64, 32, 2);

    @Override
    public String name() {
        return "pirl";
    }

    @Override
    public String description() {
        return "PIRL (Misra & van der Maaten 2020): image and jigsaw-puzzle representations pulled to a memory bank by NCE";
    }

    @Override
    public AlgorithmConfig defaultConfig() {
        Map<String, Object> values = PirlSettings.defaults();
        LoopSettings.addDefaults(values, LOOP_DEFAULTS);
        return new AlgorithmConfig(values);
    }

    @Override
    public TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        return PretrainingLoop.run(context, LoopSettings.from(context.config()), () -> new PirlMethod(context));
    }
}
