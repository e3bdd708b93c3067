package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PirlTest {

    @Test
    void isRegisteredAsAService() {
        boolean found = ServiceLoader.load(PretrainingAlgorithm.class).stream()
                .anyMatch(provider -> provider.get().name().equals("pirl"));
        assertTrue(found, "META-INF/services must list dev.repbench.plugins.pirl.Pirl");
    }

    @Test
    void defaultsAreTheReferencesAndTheLoopsSmallSettings() {
        AlgorithmConfig config = new Pirl().defaultConfig();
        PirlSettings settings = PirlSettings.from(config);
        assertEquals(OptimizerConfig.sgd(0.12, 0.9, 1e-4), settings.optimizer());
        assertEquals(1024, settings.scaling().referenceBatch());
        assertEquals(0.00012, settings.finalLearningRate());
        assertEquals(128, settings.dimension());
        assertEquals(0.07, settings.temperature());
        assertEquals(32000, settings.negatives());
        assertEquals(0.5, settings.memoryMomentum());
        assertEquals(0.5, settings.jigsawLossWeight());
        assertEquals(BankLoss.NCE, settings.loss());
        assertEquals(64.0 / 85.0, settings.patchFraction());
        assertEquals(new PirlAugmentation(0.08, 0.6, 0.4, 0.4, 0.4, 0.2, 0.2, 0.5), settings.augmentation());
        assertEquals(new LoopSettings(64, 32, 2), LoopSettings.from(config));
        assertEquals(PirlSettings.defaults().size() + 3, config.values().size(), "every default is in the config");
    }

    @Test
    void learningRateScalesLinearlyWithTheBatch() {
        PirlSettings settings = PirlSettings.from(new Pirl().defaultConfig());
        assertEquals(0.0075, settings.scaledLearningRate(64), 1e-15);
        assertEquals(0.12, settings.scaledLearningRate(1024), 1e-15);
        assertEquals(0.0000075, settings.scaledFinalLearningRate(64), 1e-18);
    }

    @Test
    void lossIsSelectableAndBadValuesAreNamed() {
        AlgorithmConfig defaults = new Pirl().defaultConfig();
        assertEquals(BankLoss.INFONCE, PirlSettings.from(defaults.withOverrides(Map.of("loss", "infonce"))).loss());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PirlSettings.from(defaults.withOverrides(Map.of("memory-momentum", 1.5))));
        assertTrue(error.getMessage().contains("memory-momentum"), error.getMessage());
    }
}
