package dev.repbench.runtime.study.run;

import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellInputs;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.StudyLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Cheap stand-ins for every kind of cell that behave like the real ones where the runner can tell: outputs are
 * written atomically and depend only on the cell and its inputs (so reruns give identical files; maps are sorted, as
 * {@code Map.of}'s order changes from JVM to JVM), evaluation writes
 * a real {@link ResultRecord} through the {@link ResultStore}. Each execution is logged to
 * {@value #EXECUTIONS} (one line per start), and starting a cell the ledger already holds as done logs a violation.
 */
public final class FakeCells {
    /** The log of executions in the output folder. */
    public static final String EXECUTIONS = "executions.log";

    private final StudyLayout layout;
    private final long delayMillis;
    private final Set<String> failing;

    /**
     * @param layout      the study's output folder
     * @param delayMillis how long each cell works (to give a killer time to hit it)
     * @param failing     ids of cells that throw
     */
    private final Map<String, String> dataVersions = new ConcurrentHashMap<>();
    private volatile String reportCode;

    public FakeCells(StudyLayout layout, long delayMillis, Set<String> failing) {
        this.layout = layout;
        this.delayMillis = delayMillis;
        this.failing = Set.copyOf(failing);
    }

    /** @return executors running these fakes */
    public CellExecutors executors() {
        return new CellExecutors(
                c -> encoder(c, c.folder(), Map.of("algorithm", c.source().algorithm(), "seed", c.source().seed())),
                c -> encoder(c, c.folder(), Map.of("arch", c.source().architecture(), "seed", c.source().seed())),
                c -> encoder(c, c.folder(), Map.of("source", c.source().toString())),
                this::eval, this::cka, this::report, new CellInputs() {
                    @Override
                    public Optional<String> dataManifest(Cell cell) {
                        return dataVersion(cell);
                    }

                    @Override
                    public Optional<String> code(Cell cell) {
                        return cell instanceof Cell.Report ? Optional.ofNullable(reportCode) : Optional.empty();
                    }
                });
    }

    /**
     * Sets the version of one task's data as the fake cells report it (none is reported until set).
     *
     * @param task    a task name
     * @param version its data's manifest, as the evaluation cells of that task read it
     * @return this
     */
    public FakeCells withData(String task, String version) {
        dataVersions.put(task, version);
        return this;
    }

    /**
     * Sets the version of the report's code as the fake cells report it (none until set).
     *
     * @return this
     */
    public FakeCells withReportCode(String version) {
        reportCode = version;
        return this;
    }

    private Optional<String> dataVersion(Cell cell) {
        return cell instanceof Cell.Eval e ? Optional.ofNullable(dataVersions.get(e.task())) : Optional.empty();
    }

    /** @return software for the manifest without touching native libraries */
    public static RunManifest.Software software() {
        return new RunManifest.Software(Map.of("repbench", "test", "java", Runtime.version().toString()), List.of());
    }

    private void begin(Cell cell) throws IOException, InterruptedException {
        String line = (new CellLedger(layout).isDone(cell.id()) ? "VIOLATION " : "") + cell.id() + "\n";
        Files.writeString(layout.root().resolve(EXECUTIONS), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Thread.sleep(delayMillis);
        if (failing.contains(cell.id())) {
            throw new IllegalStateException("planned failure of " + cell.id());
        }
    }

    private String encoder(Cell cell, Path folder, Map<String, Object> identity) throws Exception {
        begin(cell);
        AtomicFiles.writeJson(folder.resolve(EncoderFiles.ONNX_FILE), new TreeMap<>(identity));
        return "fake encoder " + identity;
    }

    private String eval(Cell.Eval cell) throws Exception {
        begin(cell);
        String encoderSha = Sha256.ofFile(cell.encoderFolder().resolve(EncoderFiles.ONNX_FILE));
        double score = Math.floorMod((encoderSha + cell.task() + cell.seed()).hashCode(), 10_000) / 10_000.0;
        ResultRecord record = new ResultRecord(ResultRecord.FORMAT_VERSION, cell.task(), "semantic image-level", "LINEAR",
                "top1", "STANDARD", score, score, score, 1, List.of(score), List.of(score),
                new ResultRecord.SplitSizes(90, 10, 50), new ResultRecord.Hyperparameters("adam", 3e-4, 1, 256, 0.0),
                "0123abcd", cell.seed(), 0.5, new ResultRecord.Versions("test", "-", "-", "-", "-"), "cpu", encoderSha,
                "cd".repeat(32), "ef".repeat(8), "fp32", "Test CPU, 2 logical processor(s)");
        Path file = ResultStore.open(cell.records()).write(record);
        return "top1 " + score + " in " + file.getFileName();
    }

    private String cka(Cell.Cka cell) throws Exception {
        begin(cell);
        String a = Sha256.ofFile(cell.rowsFolder().resolve(EncoderFiles.ONNX_FILE));
        String b = cell.columnsFolder() == null ? a : Sha256.ofFile(cell.columnsFolder().resolve(EncoderFiles.ONNX_FILE));
        AtomicFiles.writeJson(cell.out().resolve("cka.json"), new TreeMap<>(Map.of("rows", a, "columns", b)));
        return "fake cka";
    }

    private String report(Cell.Report cell) throws Exception {
        begin(cell);
        List<String> records;
        try (Stream<Path> files = Files.list(cell.records())) {
            records = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
        AtomicFiles.writeJson(cell.out().resolve("index.html"), new TreeMap<>(Map.of("title", cell.title(), "records", records)));
        return "fake report of " + records.size() + " records";
    }
}
