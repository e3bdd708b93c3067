package dev.repbench.runtime.study.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.study.cell.CellInputs;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.run.FakeStudies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SlurmStatus} against stand-in Slurm commands: each cell's task, its state from squeue while the controller
 * lists the task, else from sacct, else {@code ended} — or {@code unknown} with why when squeue cannot answer — and
 * its log; nothing for a study never submitted.
 */
class SlurmStatusTest {
    private static final JobInvocation INVOCATION = new JobInvocation(Path.of("/usr/bin/java"), List.of(),
            List.of(Path.of("/opt/repbench/repbench.jar")), "dev.repbench.runtime.cli.Main");
    private static final String ENCODER_LOG = "slurm/submission-1/logs/encoders-100_0.log";

    @TempDir
    Path temp;

    private FakeSlurm slurm;
    private CellPlan plan;

    @BeforeEach
    void setUp() throws IOException {
        slurm = FakeSlurm.in(temp.resolve("bin"));
        // encoders e0 (pretrained) and e1 (random init), tasks t0 and t1, seeds 0 and 1, CKA, report
        plan = CellPlan.of(FakeStudies.load(FakeStudies.write(temp.resolve("study"), 2, 2, 2), 2));
    }

    /** Submits the study: encoders 100_0 (pretrain/e0) and 100_1 (export/e1), evaluations 101_0..6, report 102. */
    private void submit() throws IOException {
        SlurmSubmitter submitter = new SlurmSubmitter(slurm.client());
        submitter.submit(plan, submitter.prepare(plan, CellInputs.NONE, SlurmOptions.defaults(), INVOCATION, false));
    }

    private SlurmStatus status() {
        return SlurmStatus.of(plan.layout(), slurm.client()).orElseThrow();
    }

    @Test
    void whileSqueueListsTheTasksTheirStatesComeFromItAndSacctIsNotAsked() throws IOException {
        submit();
        slurm.queue("100_0|RUNNING|None", "100_1|PENDING|Resources", "101_0|PENDING|Dependency",
                "101_1|PENDING|Dependency", "101_2|PENDING|Dependency", "101_3|PENDING|Dependency",
                "101_4|PENDING|Dependency", "101_5|PENDING|Dependency", "101_6|PENDING|Dependency", "102|PENDING|Dependency");
        slurm.accounting("100_0|FAILED");
        SlurmStatus status = status();
        assertEquals(List.of("100_0", "RUNNING", ENCODER_LOG), status.columns("pretrain/e0"));
        assertEquals(List.of("100_1", "PENDING (Resources)", "slurm/submission-1/logs/encoders-100_1.log"),
                status.columns("export/e1"));
        assertEquals(List.of("101_2", "PENDING (Dependency)", "slurm/submission-1/logs/evals-101_2.log"),
                status.columns("eval/e1/t0/seed-1"));
        assertEquals(List.of("102", "PENDING (Dependency)", "slurm/submission-1/logs/report-102.log"),
                status.columns("report"));
        assertEquals(List.of("squeue --noheader --array --states=all --jobs=100,101,102 --format=%i|%T|%r"),
                slurm.calls("squeue"));
        assertEquals(List.of(), slurm.calls("sacct"), "every task is listed, so accounting is not asked");
        assertTrue(status.summary().startsWith("slurm: submission 1 of 1, submitted "), status.summary());
        assertTrue(status.summary().endsWith(": jobs 100 (encoders, 2 tasks), 101 (evals, 7 tasks), 102 (report);"
                + " scripts and logs in slurm/submission-1"), status.summary());
    }

    @Test
    void tasksSqueueNoLongerListsTakeTheirStateFromSacct() throws IOException {
        submit();
        // 100_0 ended long enough ago for the controller to forget it, while its sibling 100_1 still runs
        slurm.queue("100_1|RUNNING|None", "101_0|PENDING|Dependency", "102|PENDING|Dependency");
        slurm.accounting("100_0|FAILED", "100_1|RUNNING", "101_1|CANCELLED by 1000");
        SlurmStatus status = status();
        assertEquals(List.of("100_0", "FAILED", ENCODER_LOG), status.columns("pretrain/e0"));
        assertEquals("RUNNING", status.columns("export/e1").get(1));
        assertEquals("PENDING (Dependency)", status.columns("eval/e0/t0/seed-0").get(1), "squeue wins over sacct");
        assertEquals("CANCELLED by 1000", status.columns("eval/e0/t1/seed-1").get(1));
        assertEquals("ended", status.columns("cka/e1").get(1), "listed by neither: the cell's own state tells the rest");
        assertEquals(List.of("sacct --noheader --parsable2 --allocations --jobs=100,101 --format=JobID,State"),
                slurm.calls("sacct"), "only jobs with a task squeue does not list");
    }

    @Test
    void jobsNeitherSqueueNorSacctKnowHaveEnded() throws IOException {
        submit();
        slurm.queue();
        SlurmStatus status = status();
        assertEquals(List.of("100_0", "ended", ENCODER_LOG), status.columns("pretrain/e0"));
        assertEquals("ended", status.columns("report").get(1));
        assertEquals(List.of("sacct --noheader --parsable2 --allocations --jobs=100,101,102 --format=JobID,State"),
                slurm.calls("sacct"));
    }

    @Test
    void withoutAWorkingSqueueTheStateIsUnknownSayingWhyUnlessSacctKnowsIt() throws IOException {
        submit();
        slurm.failQueue("slurm_load_jobs error: Unable to contact slurm controller (connect failure)");
        slurm.accounting("100_0|COMPLETED");
        SlurmStatus failing = status();
        assertEquals(List.of("100_0", "COMPLETED", ENCODER_LOG), failing.columns("pretrain/e0"));
        assertEquals("unknown (squeue failed)", failing.columns("export/e1").get(1));

        slurm.failQueue("slurm_load_jobs error: Invalid job id specified");
        assertEquals("ended", status().columns("export/e1").get(1),
                "squeue refusing every id: the controller has forgotten them all, which is not a failure");

        slurm.remove("squeue");
        SlurmStatus missing = status();
        assertEquals("COMPLETED", missing.columns("pretrain/e0").get(1));
        assertEquals(List.of("100_1", "unknown (no squeue on the PATH)", "slurm/submission-1/logs/encoders-100_1.log"),
                missing.columns("export/e1"));
        slurm.remove("sacct");
        assertEquals("unknown (no squeue on the PATH)", status().columns("pretrain/e0").get(1));
    }

    @Test
    void aStudyNeverSubmittedHasNoSlurmStatusAndAnUnsubmittedCellHasBlanks() throws IOException {
        assertTrue(SlurmStatus.of(plan.layout(), slurm.client()).isEmpty());
        SlurmSubmitter submitter = new SlurmSubmitter(slurm.client());
        submitter.prepare(plan, CellInputs.NONE, SlurmOptions.defaults(), INVOCATION, true);
        assertTrue(SlurmStatus.of(plan.layout(), slurm.client()).isEmpty(), "a dry run submits nothing");
        assertEquals(List.of(), slurm.calls("squeue"), "and Slurm is not asked about it");

        new CellLedger(plan.layout()).markDone(new CellLedger.Done("pretrain/e0", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z", 1, "", 1, "h", null));
        submit();
        slurm.queue();
        assertEquals(List.of("", "", ""), status().columns("pretrain/e0"), "done before the submission, so not in it");
        assertEquals(List.of("100_0", "ended", ENCODER_LOG), status().columns("export/e1"));
        assertTrue(Files.isRegularFile(SlurmLayout.of(plan.layout()).submissions()));
    }
}
