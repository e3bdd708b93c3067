package dev.repbench.runtime.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.runtime.version.Processor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes two runs' records different jobs, and the record's round trip through pretrain.json. */
class RunRecordTest {

    @TempDir
    Path temp;

    private RunRecord record(String algorithm, long seed, int threads, Map<String, Object> config, String manifest) {
        PretrainJob job = new PretrainJob(algorithm, "fashion-mnist", "full", "resnet18-small", 10, seed, Map.of(),
                Device.CPU, threads, temp, temp.resolve("out"), 1, 0);
        return RunRecord.of(job, new AlgorithmConfig(config), manifest);
    }

    @Test
    void whereAndHowWideARunRanIsNotPartOfTheJob() {
        RunRecord a = record("moco-v2", 1, 2, Map.of("temperature", 0.2), "abc");
        RunRecord b = record("moco-v2", 1, 8, Map.of("temperature", 0.2), "abc");
        assertEquals(List.of(), a.differencesFrom(b));
    }

    @Test
    void configValuesAreComparedOnlyForTheSameAlgorithm() {
        RunRecord a = record("moco-v2", 1, 2, Map.of("temperature", 0.2, "queue-size", 65536), "abc");
        RunRecord b = record("moco-v2", 3, 2, Map.of("temperature", 0.1, "queue-size", 65536), null);
        assertEquals(List.of("seed 1 there, 3 now", "config temperature 0.2 there, 0.1 now"), a.differencesFrom(b),
                "a record without a manifest hash yet is not compared on it");
        RunRecord c = record("swav", 1, 2, Map.of("epsilon", 0.05), "abc");
        assertEquals(List.of("algorithm moco-v2 there, swav now"), a.differencesFrom(c));
        RunRecord d = record("moco-v2", 1, 2, Map.of("temperature", 0.2, "queue-size", 65536), "def");
        assertEquals(List.of("dataset manifest abc there, def now"), a.differencesFrom(d));
    }

    @Test
    void thePrecisionIsPartOfTheJobAndARecordWithoutOneTrainedInFp32() throws IOException {
        PretrainJob bf16 = new PretrainJob("moco-v2", "fashion-mnist", "full", "resnet18-small", 10, 1, Map.of(),
                Device.CPU, 2, temp, temp.resolve("out"), 1, 0, Precision.BF16);
        RunRecord fp32 = record("moco-v2", 1, 2, Map.of(), "abc");
        RunRecord asked = RunRecord.of(bf16, new AlgorithmConfig(Map.of()), "abc");
        assertEquals("bf16", asked.precision());
        assertEquals(List.of("precision fp32 there, bf16 now"), fp32.differencesFrom(asked));
        fp32.writeTo(temp);
        // pretrain.json as RepBench wrote it before the precision existed
        Path file = temp.resolve(RunRecord.FILE_NAME);
        String written = Files.readString(file);
        Files.writeString(file, written.replaceAll("\"precision\"\\s*:\\s*\"fp32\"\\s*,", ""));
        assertNotEquals(written, Files.readString(file), "the test removed the field");
        RunRecord old = RunRecord.read(temp).orElseThrow();
        assertNull(old.precision());
        assertEquals(List.of(), old.differencesFrom(fp32));
    }

    @Test
    void aWrittenRecordReadsBackAsTheSameJob() throws IOException {
        RunRecord a = record("moco-v2", 1, 2, Map.of("temperature", 0.2, "queue-size", 65536, "mlp-head", true, "augmentation", "moco-v2"), "abc");
        a.writeTo(temp);
        RunRecord read = RunRecord.read(temp).orElseThrow();
        assertEquals(List.of(), read.differencesFrom(a));
        assertEquals(a.versions(), read.versions());
        assertEquals(Processor.describe(), read.execution().get("processor"), "where it ran: " + read.execution());
        assertTrue(Processor.describe().endsWith(" logical processor(s)"), Processor.describe());
    }
}
