package dev.repbench.runtime.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tasks the comparisons read: those over the separation line, all where asked or where it cannot be drawn. */
class TaskSelectionTest {
    private static final EncoderInfo RANDOM = new EncoderInfo("00000000aa", "random-init", EncoderInfo.RANDOM_INIT,
            null, null);
    private static final EncoderInfo MOCO = new EncoderInfo("00000000cc", "moco-v2", "moco-v2", "fmnist", 1);

    /** cls: 0.30 → 0.45 separates; seg: 0.60 → 0.65 does not; flow: no random-init score. */
    private static ResultTable study() {
        return ResultTable.builder()
                .add(RANDOM, "cls", "semantic image-level", "top1", 0, 0.30)
                .add(MOCO, "cls", "semantic image-level", "top1", 0, 0.45)
                .add(MOCO, "cls", "semantic image-level", "top1", 1, 0.47)
                .add(RANDOM, "seg", "semantic pixelwise", "miou", 0, 0.60)
                .add(MOCO, "seg", "semantic pixelwise", "miou", 0, 0.65)
                .add(MOCO, "flow", "structural pixelwise", "one-minus-fl-all", 0, 0.9)
                .note("a note for readers")
                .build();
    }

    @Test
    void byDefaultOnlyTheSeparatingTasksAreRead() {
        TaskSelection s = TaskSelection.of(study(), false);
        assertEquals(List.of("cls"), s.table().tasks());
        assertEquals(Map.of(0L, 0.45, 1L, 0.47), s.table().seedScores(MOCO, "cls"), "every seed kept");
        assertEquals(List.of("a note for readers"), s.table().notes());
        assertEquals(List.of("seg"), s.below());
        assertEquals(List.of("flow"), s.unjudged());
        assertTrue(s.leavesOut());
        assertEquals("Computed on the 1 of 3 tasks that separate an encoder from random-init (cls); left out: seg "
                + "(below the separation line: no encoder beats random-init by it); flow (not scored by random-init "
                + "and another encoder, so not judged). --all-tasks includes them.", s.sentence());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.requireTasks(2, "a correlation between tasks"));
        assertEquals("a correlation between tasks needs 2 tasks, and only cls separates an encoder from random-init "
                + "at this study's budgets; --all-tasks reads every task anyway", e.getMessage());
        s.requireTasks(1, "an ANOVA");
    }

    @Test
    void everyTaskIsReadWhereAskedOrWhereTheLineCannotBeDrawn() {
        ResultTable study = study();
        TaskSelection all = TaskSelection.of(study, true);
        assertSame(study, all.table());
        assertFalse(all.leavesOut());
        assertEquals("Computed on every task, as asked (--all-tasks); seg is below the separation line, so read its "
                + "cells as noise.", all.sentence());

        ResultTable noRandom = ResultTable.builder().add(MOCO, "cls", "semantic image-level", "top1", 0, 0.45).build();
        TaskSelection unlined = TaskSelection.of(noRandom, false);
        assertSame(noRandom, unlined.table());
        assertFalse(unlined.lineDrawn());
        assertTrue(unlined.sentence().startsWith("Computed on every task: the separation line could not be applied"));
    }
}
