package org.example.byol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.Provider;
import dev.repbench.api.SpiVersion;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.ViewSpec;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ByolAlgorithmTest {

    @Test
    void itIsFoundAsAServiceUnderAValidName() {
        List<String> names = ServiceLoader.load(PretrainingAlgorithm.class).stream()
                .map(p -> p.get().name()).toList();
        assertEquals(List.of("byol"), names);
        assertTrue(Provider.isValidName("byol"));
        assertEquals(SpiVersion.CURRENT, new ByolAlgorithm().spiVersion());
    }

    @Test
    void theDefaultsAreThePapersAndEveryOneReadsBack() {
        AlgorithmConfig config = new ByolAlgorithm().defaultConfig();
        assertEquals(0.2, config.getDouble(OptimizerConfig.LEARNING_RATE));
        assertEquals(1.5e-6, config.getDouble(OptimizerConfig.WEIGHT_DECAY));
        assertEquals(0.996, config.getDouble(ByolHyperparameters.TARGET_MOMENTUM_BASE));
        assertEquals(4096, config.getInt(ByolHyperparameters.PROJECTOR_HIDDEN));
        assertEquals(256, config.getInt(ByolHyperparameters.PROJECTION_DIM));
        assertEquals(ByolHyperparameters.PAPER, ByolHyperparameters.from(config));
        assertEquals(ByolAlgorithm.LOOP_DEFAULTS, LoopSettings.from(config));
    }

    @Test
    void overridesReachTheHyperparametersAndScaleTheLearningRate() {
        AlgorithmConfig config = new ByolAlgorithm().defaultConfig().withOverrides(Map.of(
                ByolHyperparameters.TARGET_MOMENTUM_BASE, "0.99", LoopSettings.BATCH_SIZE, 512));
        ByolHyperparameters read = ByolHyperparameters.from(config);
        assertEquals(0.99, read.targetMomentumBase());
        assertEquals(0.4, read.peakLearningRate(LoopSettings.from(config).batchSize()), 1e-15);
    }

    @Test
    void anOverrideOutOfRangeIsRefusedByName() {
        AlgorithmConfig config = new ByolAlgorithm().defaultConfig().withOverrides(
                Map.of(ByolHyperparameters.TARGET_MOMENTUM_BASE, 1.5));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ByolHyperparameters.from(config));
        assertTrue(e.getMessage().contains(ByolHyperparameters.TARGET_MOMENTUM_BASE + " 1.5"), e.getMessage());
    }

    @Test
    void theTwoViewsAreByolsAsymmetricPair() {
        List<ViewSpec> views = ByolAlgorithm.views(32);
        assertEquals(List.of("byol-first", "byol-second"), views.stream().map(ViewSpec::name).toList());
        assertTrue(views.stream().allMatch(v -> v.count() == 1));
    }
}
