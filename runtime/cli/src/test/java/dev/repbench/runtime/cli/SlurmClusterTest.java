package dev.repbench.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.StudyLayout;
import dev.repbench.runtime.study.slurm.SlurmClient;
import dev.repbench.runtime.study.slurm.SlurmLayout;
import dev.repbench.runtime.study.slurm.SubmissionLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repbench submit --slurm} against a real Slurm cluster: the single-node cluster {@code .ci/slurm/cluster}
 * starts, which {@code ./repbench test} (and so CI) runs before the tests and exports through {@code SLURM_CONF}.
 * Without one these tests fail, saying so. They take a few minutes; a developer can leave them out with
 * {@code mvn test -Dtest='!SlurmClusterTest'}.
 *
 * <p>The study: a random initialisation and a briefly pretrained encoder (256 images, one epoch of four steps, a
 * checkpoint after each), four battery tasks with one epoch each, a CKA cell and the report. Its records are compared
 * with those of the same spec run once in this process (its own feature cache), computed once for both tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmClusterTest {
    private static final Duration WAIT = Duration.ofMinutes(20);
    private static final List<String> ACTIVE = List.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED",
            "SUSPENDED", "RESIZING");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Feature caches and the in-process reference run, shared by the tests. */
    @TempDir
    static Path shared;
    private static SlurmClient slurm;
    private static List<JsonNode> reference;

    @TempDir
    Path temp;
    private final List<Path> submitted = new ArrayList<>();

    @BeforeAll
    static void aClusterAnswers() {
        String conf = System.getenv("SLURM_CONF");
        slurm = SlurmClient.fromEnvironment();
        if (conf == null || !Files.isRegularFile(Path.of(conf)) || !slurm.has("sbatch")) {
            fail("no Slurm cluster for this test (SLURM_CONF=" + conf + ", sbatch " + (slurm.has("sbatch") ? "found"
                    : "not on the PATH") + "): run the tests through './repbench test', which installs Slurm, starts a"
                    + " single-node cluster (.ci/slurm/cluster start) and exports SLURM_CONF; or leave this class out with"
                    + " -Dtest='!SlurmClusterTest'");
        }
        assertTrue(slurm.partitions().orElseThrow().contains("main"), "the test cluster's partition 'main' is up");
    }

    @AfterEach
    void cancelWhatIsLeft() {
        for (Path study : submitted) {
            SubmissionLog.read(SlurmLayout.of(new StudyLayout(study))).ifPresent(log ->
                    slurm.cancel(log.submissions().stream().flatMap(s -> s.jobIds().stream()).toList()));
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the CLI in this process. */
    private static Run repbench(String... args) {
        var cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The study's spec in {@code folder}, its output in {@code folder/out}, features in {@code cache}. */
    private static Path spec(Path folder, String name, Path cache) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve("study.yaml"), """
                name: %s
                output: out
                cache: %s
                threads: 1
                seeds: [0]
                encoders:
                  random-init:
                    random-init: { arch: resnet18-small, seed: 0 }
                  supervised:
                    pretrain:
                      algorithm: supervised
                      dataset: fashion-mnist
                      variant: subsample:256
                      arch: resnet18-small
                      epochs: 1
                      seed: 0
                      checkpoint-every-steps: 1
                      set: { image-side: 32, batch-size: 64 }
                tasks: [fmnist-cls, fmnist-count, fmnist-depth, fmnist-flow]
                eval: { input-size: 16, epochs: 1 }
                cka: { encoders: [supervised], images: 64, size: 16, batch: 32, outputs: [block1, embedding] }
                report: true
                """.formatted(name, cache));
    }

    /** The records of the spec run once by {@code repbench run} in this process, computed once. */
    private static synchronized List<JsonNode> reference() {
        if (reference == null) {
            try {
                Path spec = spec(shared.resolve("reference"), "reference", shared.resolve("reference-cache"));
                Run run = repbench("run", spec.toString());
                assertEquals(0, run.exitCode(), run.out() + run.err());
                reference = records(spec.resolveSibling("out"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    /** The result records, {@code wallSeconds} (how long a cell took) removed. */
    private static List<JsonNode> records(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("records"))) {
            List<JsonNode> records = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                ObjectNode record = (ObjectNode) JSON.readTree(file.toFile());
                record.remove("wallSeconds");
                records.add(record);
            }
            return records;
        }
    }

    private SubmissionLog submit(Path spec, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("submit", spec.toString(), "--slurm"));
        args.addAll(List.of(options));
        Path out = spec.resolveSibling("out");
        submitted.add(out);
        Run run = repbench(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return SubmissionLog.read(SlurmLayout.of(new StudyLayout(out))).orElseThrow();
    }

    /** Waits until none of the submission's jobs is queued or running; returns each task's final state. */
    private static Map<String, String> awaitEnd(SubmissionLog.Submission submission, Path out) throws Exception {
        await("the jobs of submission " + submission.number() + " to end", out, () -> slurm.queueStates(submission.jobIds())
                .orElseThrow().values().stream().noneMatch(s -> ACTIVE.stream().anyMatch(s::startsWith)));
        return slurm.queueStates(submission.jobIds()).orElseThrow();
    }

    private static void await(String what, Path out, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + WAIT.toMinutes() + " min for " + what + "; logs:\n" + logs(out));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Every Slurm log of the study, concatenated, each under its name. */
    private static String logs(Path out) {
        StringBuilder all = new StringBuilder();
        Path root = SlurmLayout.of(new StudyLayout(out)).root();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    all.append("==> ").append(log).append(" <==\n").append(Files.readString(log));
                }
            } catch (IOException e) {
                all.append("(cannot read the logs: ").append(e.getMessage()).append(")");
            }
        }
        return all.toString();
    }

    /** @return how many lines of {@code logs} start or finish {@code cell} */
    private static long starts(String logs, String cell) {
        return logs.lines().filter(l -> l.equals(cell + " …")).count();
    }

    private static long completions(String logs, String cell) {
        return logs.lines().filter(l -> l.startsWith(cell + " done in ")).count();
    }

    private static final List<String> CELLS = List.of("export/random-init", "pretrain/supervised",
            "eval/random-init/fmnist-cls/seed-0", "eval/random-init/fmnist-count/seed-0",
            "eval/random-init/fmnist-depth/seed-0", "eval/random-init/fmnist-flow/seed-0",
            "eval/supervised/fmnist-cls/seed-0", "eval/supervised/fmnist-count/seed-0",
            "eval/supervised/fmnist-depth/seed-0", "eval/supervised/fmnist-flow/seed-0", "cka/supervised", "report");

    @Test
    @Order(1)
    void aStudySubmittedToSlurmRunsEveryCellOnceAndMatchesOneRun() throws Exception {
        CompletableFuture<List<JsonNode>> oneRun = CompletableFuture.supplyAsync(SlurmClusterTest::reference);
        Path spec = spec(temp.resolve("study"), "on-slurm", shared.resolve("slurm-cache"));
        Path out = spec.resolveSibling("out");
        SubmissionLog.Submission submission = submit(spec, "--max-parallel", "2").latest().orElseThrow();
        assertEquals(List.of(List.of("export/random-init"), List.of("pretrain/supervised")),
                submission.jobs().get(0).tasks());
        assertEquals(9, submission.jobs().get(1).tasks().size(), "8 evaluations and a CKA cell, one per task");

        Map<String, String> states = awaitEnd(submission, out);
        String logs = logs(out);
        assertTrue(states.values().stream().allMatch("COMPLETED"::equals), states + "\n" + logs);
        assertEquals(2 + 9 + 1, states.size(), states.toString());
        CellLedger ledger = new CellLedger(new StudyLayout(out));
        for (String cell : CELLS) {
            assertTrue(ledger.isDone(cell), cell + " is not done:\n" + logs);
            assertEquals(1, starts(logs, cell), cell + " started once:\n" + logs);
            assertEquals(1, completions(logs, cell), cell + " done once:\n" + logs);
        }
        for (SubmissionLog.Job job : submission.jobs()) {
            for (int i = 0; i < job.tasks().size(); i++) {
                Path log = job.logFile(i);
                assertTrue(Files.isRegularFile(log), log + " is missing");
                String text = Files.readString(log);
                assertTrue(text.startsWith(job.role().isArray() ? "repbench: array task " + i + " of job " + job.jobId()
                        : "repbench: report job " + job.jobId()), text);
                job.tasks().get(i).forEach(cell -> assertEquals(1, completions(text, cell), cell + " in " + log));
            }
        }
        Instant lastEval = CELLS.stream().filter(c -> c.startsWith("eval/") || c.startsWith("cka/"))
                .map(c -> Instant.parse(ledger.done(c).orElseThrow().finished())).max(Instant::compareTo).orElseThrow();
        assertFalse(Instant.parse(ledger.done("report").orElseThrow().started()).isBefore(lastEval),
                "the report started after the last evaluation ended");
        assertTrue(Files.isRegularFile(out.resolve("report/index.html")));

        Run status = repbench("status", spec.toString());
        assertEquals(0, status.exitCode(), status.err());
        String evals = submission.jobs().get(1).jobId();
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("eval/supervised/fmnist-depth/seed-0 ")
                && l.contains(" " + evals + "_6 ") && l.contains(" COMPLETED ")
                && l.contains(" slurm/submission-1/logs/evals-" + evals + "_6.log ")), status.out());
        assertTrue(status.out().contains("on-slurm: 12 done, 0 running, 0 failed, 0 pending"), status.out());

        assertEquals(oneRun.get(WAIT.toMinutes(), TimeUnit.MINUTES), records(out),
                "the records of the study run on Slurm equal one run's, wall times aside");
    }

    @Test
    @Order(2)
    void killedTasksLoseNothingAndAResubmissionCompletesTheStudy() throws Exception {
        Path spec = spec(temp.resolve("faults"), "faults", shared.resolve("slurm-cache"));
        Path out = spec.resolveSibling("out");
        CellLedger ledger = new CellLedger(new StudyLayout(out));
        SubmissionLog first = submit(spec, "--max-parallel", "2", "--requeue");
        SubmissionLog.Placement pretrain = first.placement("pretrain/supervised").orElseThrow();

        // Preemption, as Slurm does it: the pretraining task requeued after its first checkpoint, mid-cell.
        Path checkpoints = out.resolve("encoders/supervised/checkpoints/latest.json");
        await("the first pretraining checkpoint", out, () -> Files.isRegularFile(checkpoints));
        assertFalse(ledger.isDone("pretrain/supervised"), "the requeue lands mid-cell");
        assertTrue(scontrol("requeue", pretrain.taskId()), "scontrol requeue " + pretrain.taskId());
        // A requeued job waits ~2 min (the credential lifetime) before it is eligible again; make it eligible in 3 s.
        // Not at once: slurmd refuses a launch whose credential dates from the second the old one was revoked in
        // ("Job credential revoked"), which left the task dead and this test waiting.
        await("the requeued task to be pending", out, () -> scontrol("update", "JobId=" + pretrain.taskId(),
                "StartTime=now+3"));
        await("the pretraining to finish", out, () -> {
            if (ledger.isDone("pretrain/supervised")) {
                return true;
            }
            // a task that ended without finishing its cell would leave this test waiting for nothing
            String state = slurm.queueStates(first.latest().orElseThrow().jobIds()).orElseThrow()
                    .getOrDefault(pretrain.taskId(), "PENDING");
            if (ACTIVE.stream().noneMatch(state::startsWith)) {
                fail("the requeued pretraining task ended " + state + " without finishing its cell; logs:\n" + logs(out));
            }
            return false;
        });
        String encoderLog = Files.readString(pretrain.logFile());
        assertTrue(encoderLog.contains("attempt 2"), encoderLog);
        assertTrue(encoderLog.contains("  pretrain/supervised: resuming from step-"), encoderLog);

        // A cancelled evaluation task (scancel, a time limit): its cell is left pending, the others run, the report
        // is written naming what is missing.
        String victim = "eval/random-init/fmnist-depth/seed-0";
        String victimTask = first.placement(victim).orElseThrow().taskId();
        await(victim + " to start", out, () -> ledger.status(victim).state() == CellLedger.State.RUNNING);
        Process scancel = new ProcessBuilder(slurm.find("scancel").orElseThrow().toString(), victimTask).inheritIO().start();
        assertEquals(0, scancel.waitFor());
        Map<String, String> states = awaitEnd(first.latest().orElseThrow(), out);
        String logs = logs(out);
        assertEquals("CANCELLED", states.get(victimTask), states + "\n" + logs);
        assertFalse(ledger.isDone(victim), logs);
        CellLedger.Status left = ledger.status(victim);
        assertEquals(CellLedger.State.PENDING, left.state());
        assertTrue(left.detail().startsWith("stale lease of pid "), left.detail());
        String reportTask = first.placement("report").orElseThrow().taskId();
        assertEquals("FAILED", states.get(reportTask), "a partial report fails its job: " + states);
        assertEquals(CellLedger.State.FAILED, ledger.status("report").state());
        String page = Files.readString(out.resolve("report/index.html"));
        assertTrue(page.contains("Partial report: 1 of 9 evaluation and CKA cells are not done"), page);
        assertTrue(page.contains(victim + " (stale lease of pid "), page);
        for (String cell : CELLS) {
            if (!cell.equals(victim) && !cell.equals("report")) {
                assertTrue(ledger.isDone(cell), cell + ":\n" + logs);
            }
        }

        SubmissionLog second = submit(spec, "--max-parallel", "2");
        SubmissionLog.Submission resubmitted = second.latest().orElseThrow();
        assertEquals(2, resubmitted.number());
        assertEquals(List.of(List.of(List.of(victim)), List.of(List.of("report"))),
                resubmitted.jobs().stream().map(SubmissionLog.Job::tasks).toList(), "only what is not done");
        states = awaitEnd(resubmitted, out);
        logs = logs(out);
        assertTrue(states.values().stream().allMatch("COMPLETED"::equals), states + "\n" + logs);
        for (String cell : CELLS) {
            assertTrue(ledger.isDone(cell), cell + ":\n" + logs);
            assertEquals(1, completions(logs, cell), cell + " done once:\n" + logs);
            // run again: the requeued pretraining, the cancelled evaluation, and the report (partial, then whole)
            long expectedStarts = List.of("pretrain/supervised", victim, "report").contains(cell) ? 2 : 1;
            assertEquals(expectedStarts, starts(logs, cell), cell + ":\n" + logs);
        }
        assertFalse(Files.readString(out.resolve("report/index.html")).contains("Partial report"));
        assertEquals(reference(), records(out), "nothing lost: the records equal one uninterrupted run's");
    }

    @Test
    @Order(3)
    void aChangedEncoderIsResubmittedWithRedoChangedAndWhatReadsItRunsAfterIt() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("changed"));
        Path spec = Files.writeString(folder.resolve("study.yaml"), """
                name: changed
                output: out
                cache: %s
                threads: 1
                seeds: [0]
                encoders:
                  a: { random-init: { arch: resnet18-small, seed: 0 } }
                  b: { random-init: { arch: resnet18-small, seed: 1 } }
                tasks: [fmnist-cls]
                eval: { input-size: 16, epochs: 1 }
                report: true
                """.formatted(shared.resolve("changed-cache")));
        Path out = spec.resolveSibling("out");
        Map<String, String> states = awaitEnd(submit(spec).latest().orElseThrow(), out);
        assertTrue(states.values().stream().allMatch("COMPLETED"::equals), states + "\n" + logs(out));

        Files.writeString(spec, Files.readString(spec).replace("seed: 1 }", "seed: 2 }"));
        Run plain = repbench("submit", spec.toString(), "--slurm");
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(plain.out().contains("every cell is done; nothing to submit"), plain.out());

        SubmissionLog.Submission again = submit(spec, "--redo-changed").latest().orElseThrow();
        assertEquals(List.of(List.of(List.of("export/b")), List.of(List.of("eval/b/fmnist-cls/seed-0")), List.of(List.of("report"))),
                again.jobs().stream().map(SubmissionLog.Job::tasks).toList());
        states = awaitEnd(again, out);
        String logs = logs(out);
        assertTrue(states.values().stream().allMatch("COMPLETED"::equals), states + "\n" + logs);
        CellLedger ledger = new CellLedger(new StudyLayout(out));
        for (String cell : List.of("export/a", "export/b", "eval/a/fmnist-cls/seed-0", "eval/b/fmnist-cls/seed-0", "report")) {
            assertTrue(ledger.isDone(cell), cell + ":\n" + logs);
        }
        assertEquals(2, JSON.readTree(out.resolve("encoders/b/encoder.json").toFile()).findValue("seed").asInt());
        assertEquals(3, records(out).size(), "the old encoder's record stays in the folder");
        assertTrue(Files.readString(out.resolve("report/index.html")).contains("1 other record(s) in"),
                "the report reads the two records the spec now makes");
    }

    /** Runs scontrol; returns whether it succeeded. */
    private static boolean scontrol(String... args) {
        try {
            List<String> argv = new ArrayList<>(List.of(slurm.find("scontrol").orElseThrow().toString()));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
