package dev.repbench.runtime.study.run;

import dev.repbench.runtime.study.cell.CellPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;

/**
 * A child process for {@link CrashSafetyTest}: runs a fake study with {@link FakeCells} through the real runner.
 * Arguments: the spec file, the number of tasks its catalog knows, the milliseconds each cell works.
 * Exits 0 when every cell is done, 3 when some were left to another process.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        CellPlan plan = CellPlan.of(FakeStudies.load(Path.of(args[0]), Integer.parseInt(args[1])));
        PrintWriter log = new PrintWriter(System.out, true);
        StudyRunner runner = new StudyRunner(plan, new FakeCells(plan.layout(), Long.parseLong(args[2]), Set.of()).executors(),
                FakeCells.software(), log);
        StudyRunner.Summary summary = runner.runAll();
        log.println(summary);
        System.exit(summary.allDone() ? 0 : 3);
    }
}
