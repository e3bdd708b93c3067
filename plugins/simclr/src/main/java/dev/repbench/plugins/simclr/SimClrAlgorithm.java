package dev.repbench.plugins.simclr;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.heads.ProjectionHead;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import dev.repbench.plugins.kit.train.PretrainingLoop;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code simclr}: SimCLR with the paper's hyperparameters: LARS (momentum 0.9, trust coefficient 0.001) at
 * learning rate 0.3 · batch / 256, weight decay 1e-6 on weights (not biases or batch norm), a linear warm-up of
 * 10 epochs then a cosine decay, a 2-layer projector to 128 dimensions, and temperature 0.5 (the paper's CIFAR-10
 * setting, which suits this toolkit's small images; ImageNet used 0.1).
 */
public final class SimClrAlgorithm implements PretrainingAlgorithm {
    /** LARS's defaults, the learning rate for a batch of 256 (the run uses {@code lr · batch / 256}). */
    static final OptimizerConfig OPTIMIZER = OptimizerConfig.lars(0.3, 0.9, 1e-6, 0.001);
    public static final String WARMUP_EPOCHS = "warmup-epochs";
    public static final String TEMPERATURE = "temperature";
    public static final String PROJECTION_DIM = ProjectionHead.OUTPUT_DIM;

    @Override
    public String name() {
        return "simclr";
    }

    @Override
    public String description() {
        return "SimCLR: NT-Xent between two augmented views through an MLP projector, LARS";
    }

    @Override
    public AlgorithmConfig defaultConfig() {
        Map<String, Object> values = new LinkedHashMap<>();
        OPTIMIZER.addTo(values);
        values.put(WARMUP_EPOCHS, 10);
        values.put(TEMPERATURE, 0.5);
        values.put(PROJECTION_DIM, 128);
        LoopSettings.addDefaults(values, new LoopSettings(128, 32, 2));
        return new AlgorithmConfig(values);
    }

    @Override
    public TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        return PretrainingLoop.run(context, LoopSettings.from(context.config()), () -> new SimClrMethod(context));
    }
}
