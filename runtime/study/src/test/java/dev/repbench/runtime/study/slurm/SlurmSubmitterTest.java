package dev.repbench.runtime.study.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.study.cell.CellInputs;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.run.FakeCells;
import dev.repbench.runtime.study.run.FakeStudies;
import dev.repbench.runtime.study.run.StudyRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SlurmSubmitter} against stand-in Slurm commands: what it writes, submits and records, what a resubmission
 * leaves out, and each refusal — one line naming the fix, with nothing submitted.
 */
class SlurmSubmitterTest {
    private static final int TASKS = 2;
    private static final JobInvocation INVOCATION = new JobInvocation(Path.of("/usr/bin/java"),
            List.of("--enable-native-access=ALL-UNNAMED"), List.of(Path.of("/opt/repbench/repbench.jar")),
            "dev.repbench.runtime.cli.Main");

    @TempDir
    Path temp;

    private FakeSlurm slurm;
    private CellPlan plan;

    @BeforeEach
    void setUp() throws IOException {
        slurm = FakeSlurm.in(temp.resolve("bin"));
        // encoders e0 (pretrained) and e1 (random init), tasks t0 and t1, seeds 0 and 1, CKA, report
        plan = CellPlan.of(FakeStudies.load(FakeStudies.write(temp.resolve("study"), 2, TASKS, 2), TASKS));
    }

    private SlurmSubmitter.Outcome submit(SlurmOptions options) throws IOException {
        SlurmSubmitter submitter = new SlurmSubmitter(slurm.client());
        return submitter.submit(plan, submitter.prepare(plan, CellInputs.NONE, options, INVOCATION, false));
    }

    private void markDone(String... cells) throws IOException {
        CellLedger ledger = new CellLedger(plan.layout());
        for (String cell : cells) {
            ledger.markDone(new CellLedger.Done(cell, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 1, "", 1, "h", null));
        }
    }

    @Test
    void threeJobsAreCheckedThenSubmittedEachAfterTheOneBeforeAndRecorded() throws IOException {
        SlurmSubmitter.Outcome outcome = submit(new SlurmOptions("gpu", null, "1:00:00", 1, 4, "16G", 2, List.of(), true));
        SlurmLayout layout = SlurmLayout.of(plan.layout());
        Path folder = layout.submission(1);
        assertEquals(folder, outcome.folder());
        assertEquals(List.of(
                "sbatch --test-only " + folder.resolve("encoders.sbatch"),
                "sbatch --test-only " + folder.resolve("evals.sbatch"),
                "sbatch --test-only " + folder.resolve("report.sbatch"),
                "sbatch --parsable " + folder.resolve("encoders.sbatch"),
                "sbatch --parsable --dependency=afterany:100 " + folder.resolve("evals.sbatch"),
                "sbatch --parsable --dependency=afterany:101 " + folder.resolve("report.sbatch")), slurm.calls("sbatch"));
        assertEquals("pretrain/e0\nexport/e1\n", Files.readString(folder.resolve("encoders.cells")));
        // one line per (encoder, task) with its seeds, then one per CKA cell
        assertEquals("""
                eval/e0/t0/seed-0 eval/e0/t0/seed-1
                eval/e0/t1/seed-0 eval/e0/t1/seed-1
                eval/e1/t0/seed-0 eval/e1/t0/seed-1
                eval/e1/t1/seed-0 eval/e1/t1/seed-1
                cka/e0
                cka/e0-vs-e1
                cka/e1
                """, Files.readString(folder.resolve("evals.cells")));
        assertTrue(Files.isDirectory(folder.resolve("logs")));
        assertEquals(14, outcome.cells());

        SubmissionLog log = SubmissionLog.read(layout).orElseThrow();
        assertEquals("fake", log.study());
        assertEquals(List.of("100", "101", "102"), log.latest().orElseThrow().jobIds());
        SubmissionLog.Placement placement = log.placement("eval/e1/t0/seed-1").orElseThrow();
        assertEquals("101_2", placement.taskId());
        assertEquals(folder.resolve("logs/evals-101_2.log"), placement.logFile());
        assertEquals("101", log.latest().get().jobs().get(2).dependsOn());
        assertEquals("102", log.placement("report").orElseThrow().taskId());
        assertEquals(folder.resolve("logs/report-102.log"), log.placement("report").get().logFile());
    }

    @Test
    void aResubmissionSubmitsOnlyWhatIsNotDone() throws IOException {
        submit(SlurmOptions.defaults());
        markDone("pretrain/e0", "export/e1", "eval/e0/t0/seed-0", "eval/e0/t0/seed-1", "eval/e0/t1/seed-0", "cka/e0");
        slurm.queue("100_0|COMPLETED|None", "101_0|COMPLETED|None", "102|FAILED|None");
        SlurmSubmitter.Outcome second = submit(SlurmOptions.defaults());
        assertEquals(2, second.number());
        Path folder = SlurmLayout.of(plan.layout()).submission(2);
        assertFalse(Files.exists(folder.resolve("encoders.cells")), "every encoder cell is done");
        assertEquals("""
                eval/e0/t1/seed-1
                eval/e1/t0/seed-0 eval/e1/t0/seed-1
                eval/e1/t1/seed-0 eval/e1/t1/seed-1
                cka/e0-vs-e1
                cka/e1
                """, Files.readString(folder.resolve("evals.cells")));
        assertEquals(List.of("sbatch --parsable " + folder.resolve("evals.sbatch"),
                "sbatch --parsable --dependency=afterany:103 " + folder.resolve("report.sbatch")),
                slurm.calls("sbatch").stream().skip(6).filter(c -> !c.contains("--test-only")).toList());
        SubmissionLog log = SubmissionLog.read(SlurmLayout.of(plan.layout())).orElseThrow();
        assertEquals(2, log.submissions().size());
        assertEquals("103_0", log.placement("eval/e0/t1/seed-1").orElseThrow().taskId(), "the latest submission wins");
        assertEquals("100_0", log.placement("pretrain/e0").orElseThrow().taskId(), "done cells keep their job");

        markDone(plan.cells().stream().map(c -> c.id()).toArray(String[]::new));
        slurm.queue();
        int calls = slurm.calls("sbatch").size();
        SlurmSubmitter.Outcome nothing = submit(SlurmOptions.defaults());
        assertTrue(nothing.jobs().isEmpty());
        assertEquals(calls, slurm.calls("sbatch").size(), "nothing submitted when every cell is done");
    }

    @Test
    void aFailedEncoderTaskSkipsOnlyItsOwnCellsAndAResubmissionRunsOnlyThose() throws IOException {
        submit(SlurmOptions.defaults());
        SlurmLayout layout = SlurmLayout.of(plan.layout());
        // afterany, not afterok: Slurm starts the evaluation array even when an encoder task failed (afterok would
        // leave the whole array pending for ever, DependencyNeverSatisfied)
        assertEquals("sbatch --parsable --dependency=afterany:100 " + layout.script(1, JobRole.EVALS),
                slurm.calls("sbatch").get(4));

        // Each array task runs the cells of its line one by one, as its script does; pretrain/e0 (task 100_0) fails.
        StudyRunner runner = new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of("pretrain/e0")).executors(),
                FakeCells.software(), new PrintWriter(new StringWriter()));
        for (JobRole array : List.of(JobRole.ENCODERS, JobRole.EVALS)) {
            for (String line : Files.readAllLines(layout.cellList(1, array))) {
                for (String cell : line.split(" ")) {
                    runner.runOne(cell);
                }
            }
        }
        CellLedger ledger = new CellLedger(plan.layout());
        for (String cell : List.of("export/e1", "eval/e1/t0/seed-0", "eval/e1/t0/seed-1", "eval/e1/t1/seed-0",
                "eval/e1/t1/seed-1", "cka/e1")) {
            assertTrue(ledger.isDone(cell), cell + " of the encoder that did not fail");
        }
        for (String cell : List.of("eval/e0/t0/seed-0", "eval/e0/t0/seed-1", "eval/e0/t1/seed-0", "eval/e0/t1/seed-1",
                "cka/e0", "cka/e0-vs-e1")) {
            assertEquals("dependency pretrain/e0 failed", ledger.skipped(cell).orElseThrow().reason(), cell);
        }
        assertEquals(new StudyRunner.Summary(0, 0, 1, 0, 0), runner.runOne("report"), "a partial report");

        slurm.queue("100_0|FAILED|None", "100_1|COMPLETED|None", "101_0|COMPLETED|None", "102|FAILED|None");
        submit(SlurmOptions.defaults());
        assertEquals("pretrain/e0\n", Files.readString(layout.cellList(2, JobRole.ENCODERS)));
        assertEquals("""
                eval/e0/t0/seed-0 eval/e0/t0/seed-1
                eval/e0/t1/seed-0 eval/e0/t1/seed-1
                cka/e0
                cka/e0-vs-e1
                """, Files.readString(layout.cellList(2, JobRole.EVALS)), "only the failed encoder's cells again");
        assertEquals(List.of("sbatch --parsable " + layout.script(2, JobRole.ENCODERS),
                "sbatch --parsable --dependency=afterany:103 " + layout.script(2, JobRole.EVALS),
                "sbatch --parsable --dependency=afterany:104 " + layout.script(2, JobRole.REPORT)),
                slurm.calls("sbatch").stream().skip(6).filter(c -> !c.contains("--test-only")).toList());
    }

    @Test
    void cellsDoneOnOtherDataAreSubmittedAgainWithEverythingAfterThem() throws IOException {
        CellLedger ledger = new CellLedger(plan.layout());
        for (var cell : plan.cells()) {
            boolean readsT0 = cell instanceof dev.repbench.runtime.study.cell.Cell.Eval e && e.task().equals("t0");
            ledger.markDone(new CellLedger.Done(cell.id(), "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 1, "", 1, "h",
                    null, readsT0 ? "manifest-v1" : null, ledger.dependencyStamps(cell), null));
        }
        CellInputs t0Changed = cell -> cell instanceof dev.repbench.runtime.study.cell.Cell.Eval e && e.task().equals("t0")
                ? java.util.Optional.of("manifest-v2") : java.util.Optional.empty();
        SubmissionPlan cells = SubmissionPlan.of(plan, ledger, t0Changed, SubmissionPlan.DEFAULT_MAX_ARRAY_SIZE);
        assertEquals(List.of(), cells.encoderTasks(), "the encoders read no changed data");
        assertEquals(List.of(List.of("eval/e0/t0/seed-0", "eval/e0/t0/seed-1"), List.of("eval/e1/t0/seed-0",
                "eval/e1/t0/seed-1")), cells.evalTasks());
        assertTrue(cells.report(), "the report reads the evaluations that run again");

        SubmissionPlan unchanged = SubmissionPlan.of(plan, ledger, cell -> cell instanceof
                dev.repbench.runtime.study.cell.Cell.Eval e && e.task().equals("t0") ? java.util.Optional.of("manifest-v1")
                : java.util.Optional.empty(), SubmissionPlan.DEFAULT_MAX_ARRAY_SIZE);
        assertTrue(unchanged.isEmpty(), unchanged.toString());
    }

    @Test
    void cellsToRedoAreSubmittedAgainWithEverythingAfterThem() throws IOException {
        CellLedger ledger = new CellLedger(plan.layout());
        for (var cell : plan.cells()) {
            ledger.markDone(new CellLedger.Done(cell.id(), "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 1, "", 1, "h",
                    null, null, ledger.dependencyStamps(cell), null));
        }
        assertTrue(SubmissionPlan.of(plan, ledger, CellInputs.NONE, SubmissionPlan.DEFAULT_MAX_ARRAY_SIZE).isEmpty());
        SubmissionPlan cells = SubmissionPlan.of(plan, ledger, CellInputs.NONE, SubmissionPlan.DEFAULT_MAX_ARRAY_SIZE,
                java.util.Set.of("export/e1"));
        assertEquals(List.of(List.of("export/e1")), cells.encoderTasks());
        assertEquals(List.of(List.of("eval/e1/t0/seed-0", "eval/e1/t0/seed-1"), List.of("eval/e1/t1/seed-0",
                "eval/e1/t1/seed-1"), List.of("cka/e0-vs-e1"), List.of("cka/e1")), cells.evalTasks());
        assertTrue(cells.report());
    }

    @Test
    void longArraysArePackedIntoTheClustersMaxArraySize() throws IOException {
        slurm.maxArraySize(3);
        submit(SlurmOptions.defaults());
        List<String> lines = Files.readAllLines(SlurmLayout.of(plan.layout()).cellList(1, JobRole.EVALS));
        assertEquals(List.of("eval/e0/t0/seed-0 eval/e0/t0/seed-1 eval/e0/t1/seed-0 eval/e0/t1/seed-1 eval/e1/t0/seed-0"
                        + " eval/e1/t0/seed-1", "eval/e1/t1/seed-0 eval/e1/t1/seed-1 cka/e0 cka/e0-vs-e1", "cka/e1"),
                lines, "7 groups in at most 3 tasks: 3 groups per task");
        assertTrue(Files.readString(SlurmLayout.of(plan.layout()).script(1, JobRole.EVALS)).contains("#SBATCH --array=0-2\n"));
    }

    @Test
    void anEarlierSubmissionStillQueuedIsNotSubmittedTwice() throws IOException {
        submit(SlurmOptions.defaults());
        slurm.queue("100_0|COMPLETED|None", "100_1|RUNNING|None", "101_0|PENDING|Dependency", "102|PENDING|Dependency");
        int calls = slurm.calls("sbatch").size();
        SlurmException e = assertThrows(SlurmException.class, () -> submit(SlurmOptions.defaults()));
        assertEquals("submission 1 of this study is still queued or running (100_1, 101_0, 102) — wait for it to end"
                + " ('repbench status SPEC' follows it), or cancel it with 'scancel 100 101 102', then submit again",
                e.getMessage());
        assertEquals(calls, slurm.calls("sbatch").size());
    }

    @Test
    void anUnknownPartitionIsNamedWithTheKnownOnes() throws IOException {
        SlurmException e = assertThrows(SlurmException.class, () -> submit(new SlurmOptions("gpus", null, null, null, 1,
                null, null, List.of(), false)));
        assertEquals("partition 'gpus' does not exist on this cluster — choose one of main, gpu with --partition"
                + " (sinfo lists them)", e.getMessage());
        assertEquals(List.of(), slurm.calls("sbatch"));
        assertFalse(Files.exists(SlurmLayout.of(plan.layout()).root()), "nothing written");
    }

    @Test
    void withoutSbatchNothingIsSubmittedButADryRunStillWritesTheScripts() throws IOException {
        slurm.remove("sbatch");
        SlurmSubmitter submitter = new SlurmSubmitter(slurm.client());
        SlurmException e = assertThrows(SlurmException.class, () -> submitter.prepare(plan, CellInputs.NONE, SlurmOptions.defaults(),
                INVOCATION, false));
        assertEquals("sbatch is not on the PATH, so nothing can be submitted — run 'repbench submit' on a Slurm login"
                + " node (or put Slurm's commands on the PATH); --dry-run writes the scripts without it", e.getMessage());
        SlurmSubmitter.Outcome dry = submitter.prepare(plan, CellInputs.NONE, SlurmOptions.defaults(), INVOCATION, true);
        assertEquals(3, dry.jobs().size());
        assertTrue(dry.jobs().stream().allMatch(j -> j.jobId() == null && Files.isRegularFile(j.script())));
        assertFalse(Files.exists(SlurmLayout.of(plan.layout()).submissions()), "a dry run records no submission");
    }

    @Test
    void aScriptSbatchWouldRefuseStopsTheSubmissionBeforeAnyJob() throws IOException {
        slurm.refuseTestOf("report.sbatch");
        SlurmException e = assertThrows(SlurmException.class, () -> submit(SlurmOptions.defaults()));
        assertEquals("sbatch would refuse report.sbatch: sbatch: error: Batch job submission failed: Invalid account or"
                + " account/partition combination specified — fix the option it names; nothing was submitted", e.getMessage());
        assertTrue(slurm.calls("sbatch").stream().allMatch(c -> c.contains("--test-only")), slurm.calls().toString());
        assertFalse(Files.exists(SlurmLayout.of(plan.layout()).submissions()));
    }

    @Test
    void aSubmissionFailingHalfWayCancelsTheJobsBeforeIt() throws IOException {
        slurm.failAtJob(101);
        SlurmException e = assertThrows(SlurmException.class, () -> submit(SlurmOptions.defaults()));
        assertTrue(e.getMessage().startsWith("sbatch refused " + SlurmLayout.of(plan.layout()).script(1, JobRole.EVALS)
                + ": sbatch: error: Batch job submission failed: Socket timed out"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(the jobs submitted before it, 100, were cancelled)"), e.getMessage());
        assertEquals(List.of("scancel 100"), slurm.calls("scancel"));
        assertFalse(Files.exists(SlurmLayout.of(plan.layout()).submissions()), "nothing recorded");
    }

    @Test
    void badOptionsAreRefusedNamingTheFix() {
        assertEquals("--sbatch-arg 'qos=high' is not an sbatch option: give one option per --sbatch-arg, with '='"
                        + " between the two, e.g. --sbatch-arg=--qos=high",
                assertThrows(SlurmException.class, () -> new SlurmOptions(null, null, null, null, 1, null, null,
                        List.of("qos=high"), false)).getMessage());
        assertEquals("--time '4 h' is empty or contains whitespace — give the value sbatch expects, e.g. --time=4:00:00",
                assertThrows(SlurmException.class, () -> new SlurmOptions(null, null, "4 h", null, 1, null, null,
                        List.of(), false)).getMessage());
        assertEquals("--max-parallel must be 1 or more, got 0", assertThrows(SlurmException.class,
                () -> new SlurmOptions(null, null, null, null, 1, null, 0, List.of(), false)).getMessage());
    }
}
