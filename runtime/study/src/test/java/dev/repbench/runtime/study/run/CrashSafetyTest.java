package dev.repbench.runtime.study.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a study in child JVMs that are SIGKILLed at random points, then reruns until done: nothing is half-written,
 * no done cell runs again, and the outputs equal an uninterrupted run's. Two children sharing one output folder
 * never run the same cell. Fake cells, so it is quick; the real study under 20 kills of the real CLI is
 * {@code KillStormTest} in runtime/cli.
 */
class CrashSafetyTest {
    private static final int ENCODERS = 3;
    private static final int TASKS = 6;
    private static final int SEEDS = 2;
    private static final long CELL_MILLIS = 15;

    @TempDir
    Path temp;

    private Process child(Path spec, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), spec.toString(),
                Integer.toString(TASKS), Long.toString(CELL_MILLIS))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static List<String> executions(CellPlan plan) throws IOException {
        Path log = plan.layout().root().resolve(FakeCells.EXECUTIONS);
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void killedRunsResumeToTheSameOutputsWithoutRedoingDoneCells() throws Exception {
        Path spec = FakeStudies.write(temp.resolve("killed"), ENCODERS, TASKS, SEEDS);
        CellPlan plan = CellPlan.of(FakeStudies.load(spec, TASKS));
        Path childLog = temp.resolve("children.log");
        Random random = new Random(7);
        int kills = 0;
        while (kills < 5) {
            int before = executions(plan).size();
            Process p = child(spec, childLog);
            // kill once the child is a few cells further, at a random moment inside a cell's work or its bookkeeping
            int target = before + 2 + random.nextInt(6);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (executions(plan).size() < target && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Thread.sleep(random.nextInt((int) CELL_MILLIS + 5));
            if (!p.isAlive()) {
                break; // it finished first
            }
            p.destroyForcibly().waitFor();
            kills++;
            assertEveryFileWhole(plan.layout().root());
            CellLedger ledger = new CellLedger(plan.layout());
            for (Cell cell : plan.cells()) {
                assertNotEquals(CellLedger.State.RUNNING, ledger.status(cell.id()).state(), cell.id() + " after a kill");
            }
        }
        assertTrue(kills >= 3, "only " + kills + " kills landed: " + Files.readString(childLog));
        for (int rerun = 0; ; rerun++) {
            Process p = child(spec, childLog);
            assertTrue(p.waitFor(40, TimeUnit.SECONDS), "a rerun hung");
            if (p.exitValue() == 0) {
                break;
            }
            if (rerun == 2) {
                fail("reruns do not finish: " + Files.readString(childLog));
            }
        }

        List<String> runs = executions(plan);
        assertFalse(runs.stream().anyMatch(l -> l.startsWith("VIOLATION")), "a done cell ran again: " + runs);
        assertEquals(plan.cells().stream().map(Cell::id).toList(), runs.stream().distinct().toList());
        assertTrue(runs.size() - plan.cells().size() <= kills, "each kill interrupts at most one cell: " + runs);
        assertEveryFileWhole(plan.layout().root());

        Path cleanSpec = FakeStudies.write(temp.resolve("clean"), ENCODERS, TASKS, SEEDS);
        CellPlan clean = CellPlan.of(FakeStudies.load(cleanSpec, TASKS));
        new StudyRunner(clean, new FakeCells(clean.layout(), 0, Set.of()).executors(), FakeCells.software(),
                new PrintWriter(new StringWriter())).runAll();
        assertEquals(outputs(clean.layout().root()), outputs(plan.layout().root()));
    }

    @Test
    void twoProcessesOnOneFolderNeverRunTheSameCell() throws Exception {
        Path spec = FakeStudies.write(temp.resolve("shared"), ENCODERS, TASKS, 1);
        CellPlan plan = CellPlan.of(FakeStudies.load(spec, TASKS));
        Path childLog = temp.resolve("children.log");
        Process a = child(spec, childLog);
        Process b = child(spec, childLog);
        assertTrue(a.waitFor(40, TimeUnit.SECONDS) && b.waitFor(40, TimeUnit.SECONDS), "children hung");
        if (a.exitValue() != 0 && b.exitValue() != 0) {
            // both left cells to the other (each waited on a cell the other held): one more run finishes them
            assertTrue(child(spec, childLog).waitFor(40, TimeUnit.SECONDS));
        }
        List<String> runs = executions(plan);
        assertEquals(plan.cells().size(), runs.size(), "every cell ran exactly once: " + runs);
        assertEquals(plan.cells().stream().map(Cell::id).sorted().toList(), runs.stream().sorted().toList());
    }

    /** Every state file, record and output parses as JSON; temporary files of killed writes are never read. */
    private static void assertEveryFileWhole(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.equals("lease") || name.equals(FakeCells.EXECUTIONS)) {
                    continue;
                }
                try {
                    AtomicFiles.JSON.readTree(file.toFile());
                } catch (IOException e) {
                    fail(file + " is not whole: " + e.getMessage());
                }
            }
        }
    }

    /** The study's outputs (encoders, records, CKA, report) by relative path; state, manifest and logs left out. */
    private static Map<String, String> outputs(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString();
                String name = file.getFileName().toString();
                if (relative.startsWith("cells") || name.startsWith(".") || name.equals("manifest.json")
                        || name.equals(FakeCells.EXECUTIONS)) {
                    continue;
                }
                contents.put(relative, Files.readString(file));
            }
        }
        assertTrue(contents.keySet().stream().anyMatch(k -> k.startsWith("records/")), contents.keySet().toString());
        return Collections.unmodifiableMap(contents);
    }
}
