package dev.repbench.api.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The names renamed in SPI 1.2: read, overridden and compared as the current ones, with a note for whoever still writes them. */
class RenamedConfigNamesTest {

    /** MoCo's defaults as plugins published them before 1.2. */
    private static Map<String, Object> mocoBefore() {
        return Map.of("feature-dim", 128, "mlp-hidden-dim", 2048, "sgd-momentum", 0.9, "learning-rate", 0.03,
                "weight-decay", 1e-4);
    }

    @Test
    void aConfigWithOldNamesHoldsItsValuesUnderTheCurrentNames() {
        AlgorithmConfig config = new AlgorithmConfig(mocoBefore());
        assertEquals(Map.of("projection-dim", 128L, "projector-hidden-dim", 2048L, "momentum", 0.9, "learning-rate", 0.03,
                "weight-decay", 1e-4), config.values());
        assertEquals(0.9, config.getDouble("sgd-momentum"), "code written with the old name still reads it");
        assertEquals(0.9, config.getDouble("momentum"));
        assertEquals(128, config.getInt("feature-dim"));
    }

    @Test
    void aRecordedConfigWithOldNamesEqualsTheSameConfigWithCurrentNames() {
        // What a rerun compares: the config recorded in an earlier run's folder and today's defaults.
        AlgorithmConfig recorded = new AlgorithmConfig(mocoBefore());
        AlgorithmConfig today = new AlgorithmConfig(Map.of("projection-dim", 128, "projector-hidden-dim", 2048,
                "momentum", 0.9, "learning-rate", 0.03, "weight-decay", 1e-4));
        assertEquals(today, recorded);
        assertEquals(today.values(), recorded.values());
    }

    @Test
    void overridesAcceptTheOldNamesAndTheNotesNameTheCurrentOnes() {
        AlgorithmConfig defaults = new AlgorithmConfig(Map.of("learning-rate", 0.12, "learning-rate-reference-batch", 1024,
                "momentum", 0.9, "projection-dim", 128));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("learning-rate-batch-size", 256);
        spec.put("embedding-dim", "64");
        spec.put("momentum", 0.8);
        AlgorithmConfig run = defaults.withOverrides(spec);
        assertEquals(256, run.getInt("learning-rate-reference-batch"));
        assertEquals(64, run.getInt("projection-dim"));
        assertEquals(0.8, run.getDouble("momentum"));
        assertEquals(defaults.values().keySet(), run.values().keySet(), "no name added");
        assertEquals(List.of("config name 'learning-rate-batch-size' is deprecated: it is now 'learning-rate-reference-batch'",
                "config name 'embedding-dim' is deprecated: it is now 'projection-dim'"), defaults.deprecationNotes(spec.keySet()));
        assertEquals(List.of(), defaults.deprecationNotes(List.of("momentum", "learning-rate")));
    }

    @Test
    void anOldNameIsUnknownWhereTheConfigHasNoValueForIt() {
        AlgorithmConfig supervised = new AlgorithmConfig(Map.of("learning-rate", 0.1, "weight-decay", 1e-4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> supervised.withOverrides(Map.of("sgd-momentum", 0.9)));
        assertEquals("unknown config name 'sgd-momentum'; known: [learning-rate, weight-decay]", e.getMessage());
        assertEquals(List.of(), supervised.deprecationNotes(List.of("sgd-momentum")), "nothing it could be read as");
    }

    @Test
    void theOldAndTheCurrentNameTogetherAreRefusedNamingBoth() {
        AlgorithmConfig defaults = new AlgorithmConfig(Map.of("momentum", 0.9));
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("lars-momentum", 0.5);
        both.put("momentum", 0.7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> defaults.withOverrides(both));
        assertEquals("config names 'lars-momentum' and 'momentum' both set 'momentum' (an old name and the current one);"
                + " give it once, as 'momentum'", e.getMessage());
    }

    @Test
    void aPluginsOwnUseOfBothNamesIsLeftAlone() {
        // A plugin whose own settings are called feature-dim and projection-dim means two things: no renaming.
        AlgorithmConfig own = new AlgorithmConfig(Map.of("feature-dim", 32, "projection-dim", 128));
        assertEquals(Map.of("feature-dim", 32L, "projection-dim", 128L), own.values());
        assertEquals(32, own.getInt("feature-dim"));
        assertEquals(List.of(), own.deprecationNotes(List.of("feature-dim")));
        // Two old names of one current name are ambiguous in the same way.
        AlgorithmConfig twoOld = new AlgorithmConfig(Map.of("sgd-momentum", 0.9, "lars-momentum", 0.8));
        assertEquals(Map.of("sgd-momentum", 0.9, "lars-momentum", 0.8), twoOld.values());
    }

    @Test
    void everyRenamedNameIsAnOldSpellingOfACurrentNameNeverItselfCurrent() {
        for (Map.Entry<String, String> e : AlgorithmConfig.RENAMED.entrySet()) {
            assertTrue(!AlgorithmConfig.RENAMED.containsKey(e.getValue()), e + " renames to a name that is renamed again");
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void aContextWrittenForOnePointOneNamesItsArchitectureByTheEnumsId() {
        PretrainingContext before = new PretrainingContext() {
            @Override public SampleSource trainingImages() { return SampleSource.of(List.of()); }
            @Override public OptionalInt trainingClassCount() { return OptionalInt.empty(); }
            @Override public EncoderArchitecture architecture() { return EncoderArchitecture.RESNET50; }
            @Override public AlgorithmConfig config() { return AlgorithmConfig.empty(); }
            @Override public long seed() { return 0; }
            @Override public int epochs() { return 1; }
            @Override public Device device() { return Device.CPU; }
            @Override public int threads() { return 1; }
            @Override public Path outputDirectory() { return Path.of("."); }
            @Override public ProgressListener progress() { return ProgressListener.NONE; }
            @Override public int checkpointEveryEpochs() { return 0; }
            @Override public void checkpointWritten(Checkpoint checkpoint) { }
            @Override public Optional<Checkpoint> resumeFrom() { return Optional.empty(); }
        };
        assertEquals("resnet50", before.architectureName());
        TrainedEncoder old = new TrainedEncoder(EncoderArchitecture.RESNET18_SMALL, Path.of("e.pt"), Map.of());
        assertEquals("resnet18-small", old.architectureName());
        assertEquals(EncoderArchitecture.RESNET18_SMALL, old.architecture());
        TrainedEncoder registered = new TrainedEncoder("vit-tiny", Path.of("e.pt"), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, registered::architecture);
        assertTrue(e.getMessage().contains("'vit-tiny'"), e.getMessage());
    }
}
