package dev.repbench.runtime.cli.badinput;

import static dev.repbench.runtime.cli.badinput.UserRun.FAILURE;
import static dev.repbench.runtime.cli.badinput.UserRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.report.ReportFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records and CKA files given to {@code repbench report} (and {@code analyze}): each is refused on one line
 * naming the file and the fix, with exit code 1, and the report built earlier into the same {@code --out} stays
 * byte-identical. A missing records folder is tested in {@code ReportCommandTest}; records of two data versions of a
 * task given to {@code report} in {@code ReportBuilderTest}, given to {@code analyze} here.
 */
class ReportInputTest {
    @TempDir
    Path temp;
    private Path records;
    private Path cka;
    private Path report;
    private Unchanged earlier;

    @BeforeEach
    void reportedEarlier() throws IOException {
        records = temp.resolve("records");
        ReportFixtures.records(records, 1, true);
        cka = ReportFixtures.ckaFile(temp.resolve("cka"));
        report = temp.resolve("report");
        assertEquals(0, report().exitCode());
        earlier = Unchanged.of(report, records, cka);
    }

    private UserRun report() {
        return run("report", "--records", records.toString(), "--cka", cka.toString(), "--out", report.toString());
    }

    private Path firstRecord() throws IOException {
        try (Stream<Path> files = Files.list(records)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
    }

    /** Writes the broken input, then records what must stay as it is: the earlier report, and the inputs as broken. */
    private Unchanged breaking(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return Unchanged.of(report, records, cka);
    }

    @Test
    void aHalfWrittenRecord() throws IOException {
        Path record = firstRecord();
        byte[] whole = Files.readAllBytes(record);
        Unchanged written = breaking(record, Arrays.copyOf(whole, whole.length / 2));
        report().assertRefused(FAILURE, record + " is not a whole result record (the JSON ends after line ", "the file was cut short",
                "delete it, or move it out of the folder, and repbench eval writes it again");
        written.assertUnchanged();
    }

    @Test
    void aRecordFromAnotherRepBenchMajorVersion() throws IOException {
        Path record = firstRecord();
        String json = Files.readString(record).replaceFirst("\"formatVersion\" ?: ?1", "\"formatVersion\": 2")
                .replaceFirst("\"repbench\" ?: ?\"[^\"]*\"", "\"repbench\": \"2.0.0\"");
        Unchanged written = breaking(record, json.getBytes(StandardCharsets.UTF_8));
        report().assertRefused(FAILURE, record + " is a result record of format 2, written by RepBench 2.0.0",
                "reads format 1", "read it with the RepBench that wrote it");
        written.assertUnchanged();
    }

    @Test
    void aFileInTheRecordsFolderThatIsNotARecord() throws IOException {
        Path notes = records.resolve("notes.json");
        String json = "{ \"note\": \"rerun fmnist-cls with seed 2\" }\n";
        Unchanged written = breaking(notes, json.getBytes(StandardCharsets.UTF_8));
        report().assertRefused(FAILURE, notes + " is not a whole result record", "task");
        written.assertUnchanged();
    }

    @Test
    void aRecordsFolderWithoutRecords() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("no-records"));
        run("report", "--records", empty.toString(), "--out", report.toString())
                .assertRefused(FAILURE, "the records folder " + empty + " holds no result records", "repbench eval");
        earlier.assertUnchanged();
    }

    @Test
    void aHalfWrittenCkaFile() throws IOException {
        byte[] whole = Files.readAllBytes(cka);
        Unchanged written = breaking(cka, Arrays.copyOf(whole, whole.length / 2));
        report().assertRefused(FAILURE, cka + " is not a whole cka.json (the JSON ends after line ", "the file was cut short",
                "compute it again with repbench cka");
        written.assertUnchanged();
    }

    @Test
    void aCkaFileFromAnotherRepBenchMajorVersion() throws IOException {
        String json = Files.readString(cka).replaceFirst("\\{", "{\"formatVersion\": 2, \"repbench\": \"2.0.0\", ");
        Unchanged written = breaking(cka, json.getBytes(StandardCharsets.UTF_8));
        report().assertRefused(FAILURE, cka + " is a CKA file of format 2, written by RepBench 2.0.0", "reads format 1",
                "compute it again with this one's repbench cka");
        written.assertUnchanged();
    }

    @Test
    void aReportOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(temp.resolve("report.html"), "<p>my own page</p>\n");
        Unchanged written = Unchanged.of(file);
        run("report", "--records", records.toString(), "--out", file.toString())
                .assertRefused(FAILURE, "the report destination " + file + " is a file", "give a folder with --out");
        written.assertUnchanged();
    }

    @Test
    void aReportOutputFolderThatIsNotAReport() throws IOException {
        Path mine = Files.createDirectories(temp.resolve("thesis"));
        Files.writeString(mine.resolve("chapter1.tex"), "\\chapter{Introduction}\n");
        Unchanged written = Unchanged.of(mine);
        run("report", "--records", records.toString(), "--out", mine.toString())
                .assertRefused(FAILURE, "the report destination " + mine + " holds files but no index.html",
                        "choose an empty or new folder with --out");
        written.assertUnchanged();
    }

    @Test
    void aReadOnlyFolderForTheReport() throws Exception {
        try (ReadOnlyFolder folder = ReadOnlyFolder.create(temp.resolve("read-only"))) {
            Unchanged written = Unchanged.of(folder.path());
            run("report", "--records", records.toString(), "--out", folder.path().resolve("report").toString())
                    .assertRefused(FAILURE, folder.path() + " is not writable", "give --out a folder you can write into");
            written.assertUnchanged();
        }
    }

    @Test
    void recordsOfOneTaskOnTwoVersionsOfItsDataGivenToAnalyze() throws IOException {
        ResultStore store = ResultStore.open(records);
        ResultRecord stale = store.list().getFirst();
        String otherData = "ef".repeat(32);
        ResultRecord fresh = new ResultRecord(stale.formatVersion(), stale.task(), stale.category(), stale.head(),
                stale.metric(), stale.metricMode(), stale.testAtBestValidation(), stale.testAtLastEpoch(),
                stale.validationAtBest(), stale.bestEpoch(), stale.validationCurve(), stale.testCurve(), stale.splits(),
                stale.hyperparameters(), stale.configHash(), stale.seed(), stale.wallSeconds(), stale.versions(),
                stale.device(), stale.encoderSha256(), otherData, stale.validationIndicesHash(), stale.precision(),
                stale.processor());
        Path written = store.write(fresh); // one record of the task now on other data, the rest as they were
        Unchanged inputs = Unchanged.of(records);
        UserRun r = run("analyze", "--records", records.toString()).assertRefused(FAILURE, "the records folder " + records,
                "different versions of its data", stale.task() + ": ",
                "on data " + stale.datasetManifestHash().substring(0, 12) + "…",
                "1 on data " + otherData.substring(0, 12) + "… (e.g. " + written.getFileName() + ")",
                "rerun 'repbench eval' (or 'repbench run') on the current data");
        assertEquals("", r.out(), "no table printed over mixed data");
        inputs.assertUnchanged();
    }

    @Test
    void aHalfWrittenRecordGivenToAnalyze() throws IOException {
        Path record = firstRecord();
        byte[] whole = Files.readAllBytes(record);
        Unchanged written = breaking(record, Arrays.copyOf(whole, whole.length / 2));
        run("analyze", "--records", records.toString()).assertRefused(FAILURE, record + " is not a whole result record");
        written.assertUnchanged();
    }
}
