package dev.repbench.runtime.study.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --parallel}: N workers share the cells, each cell runs once and only after its dependencies, at most N at
 * once; failures skip their dependants as in a sequential run; a worker lost mid-run leaves the rest to the others.
 * Workers here are threads running {@link StudyRunner#runAsWorker} on runners of their own, which is what a worker
 * process does (the CLI's launcher starts {@code repbench run SPEC --worker-since T}).
 */
class ParallelStudyRunnerTest {
    @TempDir
    Path temp;

    /** Workers on threads of their own, as processes are (the common pool has one thread on a 2-core machine). */
    private static final class ThreadWorkers implements ParallelStudyRunner.WorkerLauncher {
        final CellPlan plan;
        final Set<String> failing;
        final Set<Integer> lost;
        final List<Integer> launched = new ArrayList<>();

        ThreadWorkers(CellPlan plan, Set<String> failing, Set<Integer> lost) {
            this.plan = plan;
            this.failing = failing;
            this.lost = lost;
        }

        @Override
        public synchronized CompletableFuture<Integer> launch(int worker, Instant since) {
            launched.add(worker);
            if (lost.contains(worker)) {
                return CompletableFuture.completedFuture(137); // killed before it ran anything
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    StudyRunner runner = new StudyRunner(plan, new FakeCells(plan.layout(), 150, failing).executors(),
                            FakeCells.software(), new PrintWriter(new StringWriter()));
                    StudyRunner.Summary s = runner.runAsWorker(since);
                    return s.failed() + s.skipped() > 0 ? 1 : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> Thread.ofPlatform().name("worker-" + worker).start(runnable));
        }
    }

    private CellPlan plan(Path folder) throws IOException {
        return CellPlan.of(FakeStudies.load(FakeStudies.write(folder, 2, 3, 1), 3));
    }

    private static ParallelStudyRunner parallel(CellPlan plan, ThreadWorkers workers, int n, StringWriter log) {
        StudyRunner runner = new StudyRunner(plan, new FakeCells(plan.layout(), 0, Set.of()).executors(),
                FakeCells.software(), new PrintWriter(log));
        return new ParallelStudyRunner(runner, workers, n);
    }

    /** @return the most cells whose [started, finished] intervals overlap at one instant */
    private static int mostAtOnce(CellPlan plan) {
        CellLedger ledger = new CellLedger(plan.layout());
        List<long[]> events = new ArrayList<>(); // {time, +1 start / -1 finish}
        for (Cell cell : plan.cells()) {
            CellLedger.Done done = ledger.done(cell.id()).orElseThrow();
            events.add(new long[] {Instant.parse(done.started()).toEpochMilli() * 2 + 1, 1});
            events.add(new long[] {Instant.parse(done.finished()).toEpochMilli() * 2, -1}); // a finish sorts first
        }
        events.sort(Comparator.comparingLong(e -> e[0]));
        int now = 0;
        int most = 0;
        for (long[] e : events) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        return most;
    }

    @Test
    void cellsRunAtMostNAtOnceEachOnceAfterTheirDependencies() throws IOException {
        CellPlan plan = plan(temp);
        ThreadWorkers workers = new ThreadWorkers(plan, Set.of(), Set.of());
        StudyRunner.Summary summary = parallel(plan, workers, 3, new StringWriter()).runAll();

        int cells = plan.cells().size();
        assertEquals(new StudyRunner.Summary(0, cells, 0, 0, 0), summary);
        assertEquals(List.of(1, 2, 3), workers.launched);
        assertEquals(3, mostAtOnce(plan), "six evaluations were ready together: three at once, never more");
        List<String> ran = Files.readAllLines(plan.layout().root().resolve(FakeCells.EXECUTIONS));
        assertEquals(cells, ran.size(), "each cell exactly once");
        CellLedger ledger = new CellLedger(plan.layout());
        for (Cell cell : plan.cells()) {
            Instant started = Instant.parse(ledger.done(cell.id()).orElseThrow().started());
            for (String dependency : cell.dependencies()) {
                Instant ready = Instant.parse(ledger.done(dependency).orElseThrow().finished());
                assertTrue(!started.isBefore(ready), cell.id() + " started before " + dependency + " was done");
            }
        }
        assertTrue(Files.exists(plan.layout().manifest()), "the run writes the manifest");

        ThreadWorkers again = new ThreadWorkers(plan, Set.of(), Set.of());
        assertEquals(new StudyRunner.Summary(cells, 0, 0, 0, 0), parallel(plan, again, 3, new StringWriter()).runAll());
        assertTrue(again.launched.isEmpty(), "a rerun with nothing to do starts no worker");
    }

    @Test
    void aFailureSkipsItsDependantsAsASequentialRunDoesAndIsNotRetriedInTheRun() throws IOException {
        CellPlan plan = plan(temp);
        ThreadWorkers workers = new ThreadWorkers(plan, Set.of("pretrain/e0"), Set.of());
        StudyRunner.Summary summary = parallel(plan, workers, 2, new StringWriter()).runAll();

        CellPlan sequentialPlan = plan(Files.createDirectories(temp.resolve("sequential")));
        StudyRunner.Summary sequential = new StudyRunner(sequentialPlan,
                new FakeCells(sequentialPlan.layout(), 0, Set.of("pretrain/e0")).executors(), FakeCells.software(),
                new PrintWriter(new StringWriter())).runAll();
        assertEquals(sequential, summary);
        CellLedger ledger = new CellLedger(plan.layout());
        assertEquals(CellLedger.State.FAILED, ledger.status("pretrain/e0").state());
        assertEquals("skipped: dependency pretrain/e0 failed", ledger.status("eval/e0/t0/seed-0").detail());
        List<String> ran = Files.readAllLines(plan.layout().root().resolve(FakeCells.EXECUTIONS));
        assertEquals(1, ran.stream().filter("pretrain/e0"::equals).count(), "the other worker did not retry it");

        ThreadWorkers retry = new ThreadWorkers(plan, Set.of(), Set.of());
        assertEquals(new StudyRunner.Summary(summary.completed(), summary.failed() + summary.skipped(), 0, 0, 0),
                parallel(plan, retry, 2, new StringWriter()).runAll(),
                "the next run retries it and runs what it skipped");
    }

    @Test
    void aLostWorkerIsReportedAndTheOthersDoItsShare() throws IOException {
        CellPlan plan = plan(temp);
        StringWriter log = new StringWriter();
        StudyRunner.Summary summary = parallel(plan, new ThreadWorkers(plan, Set.of(), Set.of(2)), 2, log).runAll();
        assertEquals(new StudyRunner.Summary(0, plan.cells().size(), 0, 0, 0), summary);
        assertTrue(log.toString().contains("worker 2 ended with exit code 137"), log.toString());
    }
}
