package dev.repbench.runtime.eval.record;

import dev.repbench.runtime.io.AtomicFiles;

import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.eval.ProtocolConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records round-trip, are written atomically, and let a rerun skip finished cells. */
class ResultStoreTest {
    @TempDir
    Path dir;

    @Test
    void aRecordRoundTrips() {
        ResultStore store = ResultStore.open(dir);
        ResultRecord record = Records.sample("tiny-cls", 7, 0.75);
        store.write(record);
        assertEquals(record, store.read(record.key()).orElseThrow());
        assertEquals(List.of(record), store.list());
    }

    @Test
    void nanScoresRoundTrip() {
        ResultStore store = ResultStore.open(dir);
        ResultRecord record = Records.sample("tiny-cls", 1, Double.NaN);
        store.write(record);
        assertTrue(Double.isNaN(store.read(record.key()).orElseThrow().testAtBestValidation()));
    }

    @Test
    void writingLeavesNoTemporaryFile() throws IOException {
        ResultStore store = ResultStore.open(dir);
        store.write(Records.sample("tiny-cls", 1, 0.5));
        store.write(Records.sample("tiny-cls", 1, 0.6)); // replaces
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertFalse(AtomicFiles.isTemporary(dir.resolve(names.getFirst())));
        }
        assertEquals(0.6, store.list().getFirst().testAtBestValidation());
    }

    @Test
    void aStaleTemporaryFileIsIgnored() throws IOException {
        ResultStore store = ResultStore.open(dir);
        ResultKey key = Records.sample("tiny-cls", 1, 0.5).key();
        // what a process killed mid-write leaves: half a JSON document under a temporary name
        Files.writeString(dir.resolve("." + key.fileName() + ".123" + AtomicFiles.TEMPORARY_SUFFIX),
                "{\"task\": \"tiny-cls\", \"testAtBes");
        assertFalse(store.exists(key));
        assertTrue(store.list().isEmpty());
        store.write(Records.sample("tiny-cls", 1, 0.5));
        assertTrue(store.exists(key));
        assertEquals(1, store.list().size());
    }

    @Test
    void aFailedWriteLeavesNeitherARecordNorATemporaryFile() throws IOException {
        ResultStore store = ResultStore.open(dir);
        ResultRecord record = Records.sample("tiny-cls", 1, 0.5);
        // a non-empty folder squatting on the record's name makes the final rename fail, as a crash would
        Path squatter = store.pathOf(record.key());
        Files.createDirectories(squatter);
        Files.writeString(squatter.resolve("x"), "x");
        assertThrows(UncheckedIOException.class, () -> store.write(record));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(squatter), files.toList());
        }
        assertFalse(store.exists(record.key()));
    }

    @Test
    void existsDistinguishesEveryPartOfTheKey() {
        ResultStore store = ResultStore.open(dir);
        ResultRecord record = Records.sample("tiny-cls", 1, 0.5);
        store.write(record);
        ResultKey key = record.key();
        assertTrue(store.exists(key));
        assertFalse(store.exists(new ResultKey(key.encoderSha256(), key.task(), key.configHash(), 2)));
        assertFalse(store.exists(new ResultKey(key.encoderSha256(), "other-task", key.configHash(), 1)));
        assertFalse(store.exists(new ResultKey(key.encoderSha256(), key.task(), ProtocolConfig.study(5).hash(), 1)));
        assertFalse(store.exists(new ResultKey("01".repeat(32), key.task(), key.configHash(), 1)));
    }

    @Test
    void theConfigHashSeparatesConfigurations() {
        ProtocolConfig a = ProtocolConfig.study(10);
        assertEquals(a.hash(), ProtocolConfig.study(10).hash());
        assertFalse(a.hash().equals(a.withEpochs(11).hash()));
        assertFalse(a.hash().equals(a.withBatchSize(128).hash()));
        assertFalse(a.hash().equals(a.withMetricMode(dev.repbench.tasks.metrics.MetricMode.VIRB_COMPAT).hash()));
    }

    @Test
    void encoderDescriptorsAreKeptBesideTheRecordsAndNotReadAsRecords() {
        ResultStore store = ResultStore.open(dir);
        store.write(Records.sample("tiny-cls", 1, 0.5));
        dev.repbench.runtime.encoder.EncoderDescriptor descriptor = new dev.repbench.runtime.encoder.EncoderDescriptor(1,
                "resnet18", dev.repbench.runtime.encoder.EncoderDescriptor.Preprocessing.imagenet(32, 32), null,
                new dev.repbench.runtime.encoder.EncoderDescriptor.Provenance("moco-v2", "fashion-mnist", null, 5, 1L,
                        null, null, null, null, Records.ENCODER));
        store.rememberEncoder(Records.ENCODER, descriptor);
        store.rememberEncoder(Records.ENCODER, descriptor); // a second eval of the same encoder changes nothing
        assertEquals(java.util.Map.of(Records.ENCODER, descriptor), store.encoders());
        assertEquals(1, store.list().size());
        assertTrue(Files.isRegularFile(dir.resolve(ResultStore.ENCODERS_FOLDER).resolve(Records.ENCODER + ".json")));
    }
}
