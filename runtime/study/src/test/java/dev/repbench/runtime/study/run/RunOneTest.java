package dev.repbench.runtime.study.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StudyRunner#runOne} as the tasks of a Slurm array use it: a cell whose encoder failed is recorded as
 * skipped (as a whole run would), one whose encoder is merely not done is refused, and the report, asked for while
 * cells are missing, is built but recorded as partial until they are done.
 */
class RunOneTest {
    @TempDir
    java.nio.file.Path temp;

    @Test
    void failedDependenciesSkipMissingOnesRefuseAndAReportWithGapsIsPartial() throws IOException {
        // encoders e0 (pretrained; its pretraining fails here) and e1, tasks t0 and t1, one seed, CKA, report
        CellPlan plan = CellPlan.of(FakeStudies.load(FakeStudies.write(temp, 2, 2, 1), 2));
        StringWriter log = new StringWriter();
        StudyRunner runner = new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of("pretrain/e0")).executors(),
                FakeCells.software(), new PrintWriter(log, true));
        CellLedger ledger = new CellLedger(plan.layout());

        assertEquals("cell eval/e0/t0/seed-0 needs pretrain/e0 (pending) done first — run them with --cell, or run the"
                + " whole spec", assertThrows(StudyRunner.NotReadyException.class, () -> runner.runOne("eval/e0/t0/seed-0"),
                "an encoder not yet run is not a failure").getMessage());
        assertFalse(Files.exists(plan.layout().cellState("eval/e0/t0/seed-0").resolve("skipped.json")));
        assertEquals(new StudyRunner.Summary(0, 0, 1, 0, 0), runner.runOne("pretrain/e0"));
        assertEquals(new StudyRunner.Summary(0, 0, 0, 1, 0), runner.runOne("eval/e0/t0/seed-0"));
        assertEquals("dependency pretrain/e0 failed", ledger.skipped("eval/e0/t0/seed-0").orElseThrow().reason());
        assertEquals(new StudyRunner.Summary(0, 0, 0, 1, 0), runner.runOne("cka/e0-vs-e1"),
                "a CKA cell with one failed encoder");
        for (String cell : new String[] {"export/e1", "eval/e1/t0/seed-0", "eval/e1/t1/seed-0", "cka/e1"}) {
            assertEquals(new StudyRunner.Summary(0, 1, 0, 0, 0), runner.runOne(cell), cell);
        }

        assertEquals(new StudyRunner.Summary(0, 0, 1, 0, 0), runner.runOne("report"));
        CellLedger.Status report = ledger.status("report");
        assertEquals(CellLedger.State.FAILED, report.state());
        assertEquals("partial report: fake report of 2 records, without 4 of the 7 cells it reports on, which are not"
                + " done: eval/e0/t0/seed-0, eval/e0/t1/seed-0, cka/e0, cka/e0-vs-e1 — rerun or resubmit the study when"
                + " they are", report.detail());
        assertTrue(Files.isRegularFile(plan.layout().report().resolve("index.html")), "the partial report is written");
        assertEquals("pretrain/e0 (failed: java.lang.IllegalStateException: planned failure of pretrain/e0),"
                + " eval/e0/t0/seed-0 (skipped: dependency pretrain/e0 failed), cka/e0-vs-e1 (skipped: dependency"
                + " pretrain/e0 failed)", ledger.describe(List.of("pretrain/e0", "eval/e0/t0/seed-0", "cka/e0-vs-e1")),
                "how a partial report names what it misses");
        assertTrue(log.toString().contains("report partial in "), log.toString());

        StudyRunner healthy = new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of()).executors(),
                FakeCells.software(), new PrintWriter(new StringWriter()));
        assertEquals(new StudyRunner.Summary(4, 6, 0, 0, 0), healthy.runAll());
        assertEquals(CellLedger.State.DONE, ledger.status("report").state(), "a later run builds the report whole");
    }
}
