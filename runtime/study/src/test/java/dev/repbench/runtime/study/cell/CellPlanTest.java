package dev.repbench.runtime.study.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repbench.runtime.study.run.FakeStudies;
import dev.repbench.runtime.study.spec.StudySpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec expands into cells with stable ids, each after its dependencies. */
class CellPlanTest {
    @TempDir
    Path temp;

    @Test
    void cellsHaveStableIdsAndDependOnTheirEncoders() throws IOException {
        StudySpec spec = FakeStudies.load(FakeStudies.write(temp, 2, 2, 2), 2);
        CellPlan plan = CellPlan.of(spec);
        assertEquals(List.of("pretrain/e0", "export/e1",
                "eval/e0/t0/seed-0", "eval/e0/t0/seed-1", "eval/e0/t1/seed-0", "eval/e0/t1/seed-1",
                "eval/e1/t0/seed-0", "eval/e1/t0/seed-1", "eval/e1/t1/seed-0", "eval/e1/t1/seed-1",
                "cka/e0", "cka/e0-vs-e1", "cka/e1", "report"), plan.cells().stream().map(Cell::id).toList());
        assertEquals(List.of("pretrain/e0"), plan.cell("eval/e0/t1/seed-1").orElseThrow().dependencies());
        assertEquals(List.of("pretrain/e0", "export/e1"), plan.cell("cka/e0-vs-e1").orElseThrow().dependencies());
        List<String> reportNeeds = plan.cell("report").orElseThrow().dependencies();
        assertEquals(11, reportNeeds.size());
        assertEquals(plan.cells().subList(2, 13).stream().map(Cell::id).toList(), reportNeeds);
        Cell.Eval eval = (Cell.Eval) plan.cell("eval/e1/t0/seed-1").orElseThrow();
        assertEquals(spec.output().resolve("encoders/e1"), eval.encoderFolder());
        assertEquals(spec.output().resolve("records"), eval.records());
        for (int i = 0; i < plan.cells().size(); i++) {
            List<String> earlier = plan.cells().subList(0, i).stream().map(Cell::id).toList();
            assertEquals(true, earlier.containsAll(plan.cells().get(i).dependencies()), plan.cells().get(i).id());
        }
    }
}
