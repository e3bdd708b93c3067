package dev.repbench.runtime.study.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.cell.Lease;
import dev.repbench.runtime.study.spec.StudySpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner runs pending cells in order, records failures and skips their dependants, and respects leases. */
class StudyRunnerTest {
    @TempDir
    Path temp;

    private CellPlan plan() throws IOException {
        StudySpec spec = FakeStudies.load(FakeStudies.write(temp, 2, 2, 1), 2);
        return CellPlan.of(spec);
    }

    private static StudyRunner runner(CellPlan plan, Set<String> failing) {
        return new StudyRunner(plan, new FakeCells(plan.layout(), 0, failing).executors(), FakeCells.software(),
                new PrintWriter(new StringWriter()));
    }

    private static List<String> executions(CellPlan plan) throws IOException {
        Path log = plan.layout().root().resolve(FakeCells.EXECUTIONS);
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void runsEveryCellInOrderOnceAndWritesTheManifest() throws IOException {
        CellPlan plan = plan();
        StudyRunner.Summary first = runner(plan, Set.of()).runAll();
        assertEquals(new StudyRunner.Summary(0, 10, 0, 0, 0), first);
        assertEquals(plan.cells().stream().map(Cell::id).toList(), executions(plan));
        CellLedger ledger = new CellLedger(plan.layout());
        CellLedger.Done done = ledger.done("eval/e1/t1/seed-0").orElseThrow();
        assertTrue(done.detail().startsWith("top1 "), done.detail());
        assertEquals(ProcessHandle.current().pid(), done.pid());
        assertEquals(4, Files.list(plan.layout().records()).count());

        StudyRunner.Summary second = runner(plan, Set.of()).runAll();
        assertEquals(new StudyRunner.Summary(10, 0, 0, 0, 0), second);
        assertEquals(10, executions(plan).size(), "a rerun runs nothing");

        JsonNode manifest = AtomicFiles.JSON.readTree(plan.layout().manifest().toFile());
        assertEquals(plan.spec().text(), manifest.get("spec").asText());
        assertEquals(64, manifest.get("specSha256").asText().length());
        assertEquals("test", manifest.get("versions").get("repbench").asText());
        assertEquals(List.of("t0", "t1"), List.of(manifest.get("tasks").get(0).asText(), manifest.get("tasks").get(1).asText()));
    }

    @Test
    void halfWrittenFilesOfAKilledAttemptAreRemovedFromTheCellsOwnFolderOnly() throws IOException {
        CellPlan plan = plan();
        Path checkpoint = Files.createDirectories(plan.layout().encoder("e0").resolve("checkpoints"))
                .resolve(".step-3.pt.8123.partial");
        Path onnx = plan.layout().encoder("e1").resolve(".encoder.onnx.5f0c.partial");
        Path cka = plan.layout().cka("e0-vs-e1").resolve(".cka.json.77.partial");
        Path record = plan.layout().records().resolve(".r.json.1.partial"); // shared by all evaluations: left alone
        for (Path p : List.of(checkpoint, onnx, cka, record)) {
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[1000]);
        }
        Path building = Files.createDirectories(plan.layout().root().resolve(".report.building-123/charts"));
        Files.writeString(building.resolve("a.svg"), "<svg");
        Path kept = Files.writeString(plan.layout().encoder("e1").resolve("notes.txt"), "mine");
        StringWriter log = new StringWriter();
        new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of()).executors(), FakeCells.software(),
                new PrintWriter(log)).runAll();
        assertTrue(Files.notExists(checkpoint) && Files.notExists(onnx) && Files.notExists(cka), log.toString());
        assertTrue(Files.exists(record) && Files.exists(kept));
        assertTrue(Files.notExists(building.getParent()), "a killed report build's folder is removed");
        assertTrue(log.toString().contains("pretrain/e0 removed 1 half-written file(s) (0.0 MB) an interrupted attempt left in "),
                log.toString());
    }

    @Test
    void aFailureIsRecordedItsDependantsSkippedAndTheRestRun() throws IOException {
        CellPlan plan = plan();
        StudyRunner.Summary summary = runner(plan, Set.of("pretrain/e0")).runAll();
        // e0's 2 evals, cka/e0, cka/e0-vs-e1 and the report are skipped; e1's export, 2 evals and cka/e1 run
        assertEquals(new StudyRunner.Summary(0, 4, 1, 5, 0), summary);
        CellLedger ledger = new CellLedger(plan.layout());
        CellLedger.Failed failed = ledger.failed("pretrain/e0").orElseThrow();
        assertEquals(IllegalStateException.class.getName(), failed.error());
        assertEquals("planned failure of pretrain/e0", failed.message());
        assertFalse(failed.stackTrace().isEmpty());
        assertEquals(CellLedger.State.FAILED, ledger.status("pretrain/e0").state());
        CellLedger.Status skipped = ledger.status("eval/e0/t0/seed-0");
        assertEquals(CellLedger.State.PENDING, skipped.state());
        assertEquals("skipped: dependency pretrain/e0 failed", skipped.detail());
        assertEquals("skipped: dependency eval/e0/t0/seed-0, eval/e0/t1/seed-0, cka/e0, cka/e0-vs-e1 failed",
                ledger.status("report").detail());
        assertEquals(CellLedger.State.DONE, ledger.status("cka/e1").state());

        StudyRunner.Summary retry = runner(plan, Set.of()).runAll();
        assertEquals(new StudyRunner.Summary(4, 6, 0, 0, 0), retry);
        assertTrue(ledger.failed("pretrain/e0").isEmpty(), "a success clears the failure record");
        assertTrue(ledger.skipped("report").isEmpty());
    }

    @Test
    void oneCellRunsOnlyOnceItsDependenciesAreDone() throws IOException {
        CellPlan plan = plan();
        StudyRunner runner = runner(plan, Set.of());
        StudyRunner.NotReadyException notReady = assertThrows(StudyRunner.NotReadyException.class,
                () -> runner.runOne("cka/e0-vs-e1"));
        assertEquals("cell cka/e0-vs-e1 needs pretrain/e0 (pending), export/e1 (pending) done first — run them with"
                + " --cell, or run the whole spec", notReady.getMessage());
        assertThrows(IllegalArgumentException.class, () -> runner.runOne("eval/e9/t0/seed-0"));
        assertEquals(new StudyRunner.Summary(0, 1, 0, 0, 0), runner.runOne("export/e1"));
        assertEquals(new StudyRunner.Summary(0, 1, 0, 0, 0), runner.runOne("eval/e1/t0/seed-0"));
        assertEquals(new StudyRunner.Summary(1, 0, 0, 0, 0), runner.runOne("eval/e1/t0/seed-0"));
        assertEquals(List.of("export/e1", "eval/e1/t0/seed-0"), executions(plan));
    }

    @Test
    void aCellLeasedByAnotherRunIsLeftToItWithItsDependants() throws IOException {
        CellPlan plan = plan();
        Path leaseFile = plan.layout().cellState("export/e1").resolve("lease");
        try (Lease held = Lease.tryAcquire(leaseFile).orElseThrow()) {
            CellLedger.Status running = new CellLedger(plan.layout()).status("export/e1");
            assertEquals(CellLedger.State.RUNNING, running.state());
            assertTrue(running.detail().startsWith("pid " + ProcessHandle.current().pid() + " on "), running.detail());
            StudyRunner.Summary summary = runner(plan, Set.of()).runAll();
            // export/e1, its 2 evals, cka/e0-vs-e1, cka/e1 and the report wait
            assertEquals(new StudyRunner.Summary(0, 4, 0, 0, 6), summary);
            assertFalse(executions(plan).contains("export/e1"));
        }
        assertEquals(CellLedger.State.PENDING, new CellLedger(plan.layout()).status("export/e1").state());
        assertEquals(new StudyRunner.Summary(4, 6, 0, 0, 0), runner(plan, Set.of()).runAll());
    }

    @Test
    void cellsDoneOnOtherDataRunAgainAndSoDoesTheReportThatReadThem() throws IOException {
        CellPlan plan = plan();
        StudyRunner.Summary first = runWithData(plan, "v1", new StringWriter());
        assertEquals(new StudyRunner.Summary(0, 10, 0, 0, 0), first);
        assertEquals("v1", new CellLedger(plan.layout()).done("eval/e0/t0/seed-0").orElseThrow().dataManifest());
        assertEquals(new StudyRunner.Summary(10, 0, 0, 0, 0), runWithData(plan, "v1", new StringWriter()));

        StringWriter log = new StringWriter();
        StudyRunner.Summary changed = runWithData(plan, "v2", log);
        assertEquals(new StudyRunner.Summary(7, 3, 0, 0, 0), changed, log.toString());
        assertEquals(List.of("eval/e0/t0/seed-0", "eval/e1/t0/seed-0", "report"), executions(plan).subList(10, 13));
        assertTrue(log.toString().contains("eval/e0/t0/seed-0 runs again: its data changed since it was done (manifest"
                + " v1 → v2)"), log.toString());
        assertTrue(log.toString().contains("report runs again: its dependency eval/e0/t0/seed-0 was redone since it"
                + " was done"), log.toString());
        assertEquals(new StudyRunner.Summary(10, 0, 0, 0, 0), runWithData(plan, "v2", new StringWriter()));
        assertEquals(13, executions(plan).size(), "each stale cell ran once");
    }

    @Test
    void aReportMadeByAnotherVersionOfRepBenchIsRebuiltAndNothingElse() throws IOException {
        CellPlan plan = plan();
        assertEquals(new StudyRunner.Summary(0, 10, 0, 0, 0), runWithReportCode(plan, "r1", new StringWriter()));
        assertEquals("r1", new CellLedger(plan.layout()).done("report").orElseThrow().code());
        assertEquals(null, new CellLedger(plan.layout()).done("eval/e0/t0/seed-0").orElseThrow().code());
        assertEquals(new StudyRunner.Summary(10, 0, 0, 0, 0), runWithReportCode(plan, "r1", new StringWriter()));

        StringWriter log = new StringWriter();
        assertEquals(new StudyRunner.Summary(9, 1, 0, 0, 0), runWithReportCode(plan, "r2", log), log.toString());
        assertEquals(List.of("report"), executions(plan).subList(10, executions(plan).size()));
        assertTrue(log.toString().contains("report runs again: another version of RepBench made it (code r1 → r2)"),
                log.toString());
        assertEquals(new StudyRunner.Summary(10, 0, 0, 0, 0), runWithReportCode(plan, "r2", new StringWriter()));
    }

    private static StudyRunner.Summary runWithReportCode(CellPlan plan, String version, StringWriter log)
            throws IOException {
        return new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of()).withReportCode(version).executors(),
                FakeCells.software(), new PrintWriter(log)).runAll();
    }

    /** Runs the study with task t0's data at {@code version} (t1's data is not versioned). */
    private static StudyRunner.Summary runWithData(CellPlan plan, String version, StringWriter log) throws IOException {
        return new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of()).withData("t0", version).executors(),
                FakeCells.software(), new PrintWriter(log)).runAll();
    }

    /** Runs the study, then edits its spec (replacing {@code from} by {@code to}); returns the changed study's plan. */
    private CellPlan runThenChange(String from, String to) throws IOException {
        CellPlan plan = plan();
        runner(plan, Set.of()).runAll();
        Path spec = plan.spec().file();
        Files.writeString(spec, Files.readString(spec).replace(from, to));
        return CellPlan.of(FakeStudies.load(spec, 2));
    }

    private static StudyRunner.Summary runLogged(CellPlan plan, StringWriter log) throws IOException {
        return new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of()).executors(), FakeCells.software(),
                new PrintWriter(log)).runAll();
    }

    @Test
    void aDoneCellWhoseSpecChangedIsNotRedoneButFlagged() throws IOException {
        CellPlan changed = runThenChange("report: true", "eval: { epochs: 7 }\nreport: true");
        StringWriter log = new StringWriter();
        StudyRunner.Summary summary = runLogged(changed, log);
        assertEquals(new StudyRunner.Summary(10, 0, 0, 0, 0), summary);
        List<String> warned = log.toString().lines().filter(l -> l.contains("warning: " + CellLedger.CHANGED)).toList();
        assertEquals(4, warned.size(), log.toString());
        assertTrue(warned.stream().allMatch(l -> l.contains("] eval/")), warned.toString());
        CellLedger ledger = new CellLedger(changed.layout());
        assertTrue(ledger.status(changed.cell("eval/e0/t0/seed-0").orElseThrow()).detail().startsWith(CellLedger.CHANGED));
        assertEquals(CellLedger.State.DONE, ledger.status(changed.cell("export/e1").orElseThrow()).state());
        assertFalse(ledger.status(changed.cell("export/e1").orElseThrow()).detail().contains(CellLedger.CHANGED));
    }

    @Test
    void redoChangedRemovesAChangedCellsOutputsAndTheRunRedoesItAndWhatDependsOnIt() throws IOException {
        CellPlan changed = runThenChange("seed: 1 }", "seed: 5 }");
        CellLedger ledger = new CellLedger(changed.layout());
        assertEquals(List.of("export/e1"), ledger.changed(changed.cells()));
        Path folder = changed.layout().encoder("e1");
        assertTrue(Files.isDirectory(folder));
        Path other = changed.layout().encoder("e0");

        assertEquals(List.of(changed.cell("export/e1").orElseThrow()), ledger.redoChanged(changed.cells()));
        assertFalse(Files.exists(folder), "the changed cell's own outputs are removed");
        assertTrue(Files.isDirectory(other), "an unchanged cell's are not");
        assertEquals(CellLedger.State.PENDING, ledger.status("export/e1").state());
        assertEquals(List.of(), ledger.redoChanged(changed.cells()), "a pending cell is not changed");

        int before = executions(changed).size();
        StringWriter log = new StringWriter();
        StudyRunner.Summary summary = runLogged(changed, log);
        List<String> redone = executions(changed).subList(before, executions(changed).size());
        // the export, e1's two evaluations, the CKA cells reading e1, and the report over them
        assertEquals(List.of("export/e1", "eval/e1/t0/seed-0", "eval/e1/t1/seed-0", "cka/e0-vs-e1", "cka/e1", "report"),
                redone.stream().sorted(java.util.Comparator.comparing(id -> changed.cells().indexOf(
                        changed.cell(id).orElseThrow()))).toList(), log.toString());
        assertEquals(new StudyRunner.Summary(4, 6, 0, 0, 0), summary);
        assertTrue(Files.isDirectory(folder));
        assertFalse(ledger.doneDifferently(changed.cell("export/e1").orElseThrow()));
        assertFalse(log.toString().contains(CellLedger.CHANGED), log.toString());
    }

    @Test
    void aLeaseOfADeadProcessIsStaleAndTheCellRuns() throws Exception {
        CellPlan plan = plan();
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path leaseFile = plan.layout().cellState("export/e1").resolve("lease");
        Files.createDirectories(leaseFile.getParent());
        AtomicFiles.writeJson(leaseFile, new Lease.Holder(dead.pid(), Lease.localHost(), null, "2026-01-01T00:00:00Z"));
        CellLedger.Status stale = new CellLedger(plan.layout()).status("export/e1");
        assertEquals(CellLedger.State.PENDING, stale.state());
        assertTrue(stale.detail().startsWith("stale lease of pid " + dead.pid()), stale.detail());
        assertEquals(new StudyRunner.Summary(0, 10, 0, 0, 0), runner(plan, Set.of()).runAll());
    }
}
