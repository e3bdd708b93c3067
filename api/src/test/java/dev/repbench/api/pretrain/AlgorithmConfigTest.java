package dev.repbench.api.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlgorithmConfigTest {

    private final AlgorithmConfig defaults = new AlgorithmConfig(
            Map.of("lr", 0.03, "queue-size", 65536, "mlp-head", true, "augment", "moco-v2"));

    @Test
    void widensIntsAndFloatsAndReadsTyped() {
        assertEquals(65536L, defaults.values().get("queue-size"));
        assertEquals(65536, defaults.getInt("queue-size"));
        assertEquals(65536.0, defaults.getDouble("queue-size"));
        assertEquals(0.03, defaults.getDouble("lr"));
        assertTrue(defaults.getBoolean("mlp-head"));
        assertEquals("moco-v2", defaults.getString("augment"));
        assertEquals(0.5, new AlgorithmConfig(Map.of("f", 0.5f)).getDouble("f"));
    }

    @Test
    void refusesUnsupportedValueTypesAndWrongTypedReads() {
        assertThrows(IllegalArgumentException.class, () -> new AlgorithmConfig(Map.of("xs", List.of(1))));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("x", null);
        assertThrows(IllegalArgumentException.class, () -> new AlgorithmConfig(withNull));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> defaults.getInt("lr"));
        assertTrue(ex.getMessage().contains("'lr'"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.getString("missing"));
        assertThrows(IllegalArgumentException.class,
                () -> new AlgorithmConfig(Map.of("big", 1L << 40)).getInt("big"));
    }

    @Test
    void overridesKnownKeysParsingTextIntoTheDefaultsType() {
        AlgorithmConfig c = defaults.withOverrides(Map.of("lr", "0.1", "queue-size", 4096, "mlp-head", "false"));
        assertEquals(0.1, c.getDouble("lr"));
        assertEquals(4096, c.getInt("queue-size"));
        assertEquals(false, c.getBoolean("mlp-head"));
        assertEquals(1.0, defaults.withOverrides(Map.of("lr", 1)).values().get("lr"));
        assertEquals(0.03, defaults.getDouble("lr"), "the original is unchanged");
    }

    @Test
    void overridesRefuseUnknownKeysAndWrongTypesNamingTheKey() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> defaults.withOverrides(Map.of("learning-rate", 0.1)));
        assertTrue(unknown.getMessage().contains("'learning-rate'") && unknown.getMessage().contains("lr"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> defaults.withOverrides(Map.of("queue-size", 0.5)));
        assertTrue(wrong.getMessage().contains("'queue-size' must be an integer"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withOverrides(Map.of("mlp-head", "yes")));
        assertThrows(IllegalArgumentException.class, () -> defaults.withOverrides(Map.of("lr", "fast")));
    }

    @Test
    void progressAndCheckpointValidate() {
        assertEquals(0.25, new TrainingProgress(25, 100, Double.NaN, 10).fractionDone());
        assertThrows(IllegalArgumentException.class, () -> new TrainingProgress(101, 100, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingProgress(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingProgress(1, 10, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(-1, 0, Path.of("c.pt")));
    }

    @Test
    void architecturesRoundTripTheirIdsAndEncodersCopyProvenance() {
        for (EncoderArchitecture a : EncoderArchitecture.values()) {
            assertEquals(a, EncoderArchitecture.fromId(a.id()));
        }
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> EncoderArchitecture.fromId("resnet34"));
        assertTrue(ex.getMessage().contains("resnet18-small"));
        Map<String, String> provenance = new HashMap<>(Map.of("final-loss", "6.1"));
        TrainedEncoder enc = new TrainedEncoder(EncoderArchitecture.RESNET50, Path.of("ckpt.pt"), provenance);
        provenance.put("later", "x");
        assertEquals(Map.of("final-loss", "6.1"), enc.provenance());
    }
}
