package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tasks that correlations, comparisons and the ANOVA read (issue 16): by default those whose best encoder clears
 * {@link SeparationLine} over the study's random-init encoder, since a task below the line feeds them noise. Every
 * task is read where asked ({@code --all-tasks}) or where the study has no random-init encoder to draw the line with.
 * {@code repbench report} and {@code repbench analyze} both choose through this class, so the two agree.
 *
 * @param table      the scores to analyse: the study's table on the chosen tasks
 * @param lineDrawn  whether the study has a random-init encoder, so the line could be applied
 * @param allTasks   whether every task was asked for
 * @param separating the tasks that clear the line, in table order (empty where the line was not drawn)
 * @param below      the tasks below the line, in table order
 * @param unjudged   the tasks the line could not judge: not scored by the random-init encoder or by any other
 */
public record TaskSelection(ResultTable table, boolean lineDrawn, boolean allTasks, List<String> separating,
                            List<String> below, List<String> unjudged) {
    /** The flag of {@code repbench report} and {@code repbench analyze} that reads every task. */
    public static final String ALL_TASKS_FLAG = "--all-tasks";

    public TaskSelection {
        Objects.requireNonNull(table, "table");
        separating = List.copyOf(separating);
        below = List.copyOf(below);
        unjudged = List.copyOf(unjudged);
    }

    /**
     * @param study    every score of the study
     * @param allTasks whether to read every task, even those below the line
     * @return the study's tasks that separate encoders, or all of them where asked or where the line cannot be drawn
     */
    public static TaskSelection of(ResultTable study, boolean allTasks) {
        List<SeparationLine.Task> judged = SeparationLine.overRandomInit(study);
        if (judged.isEmpty()) {
            return new TaskSelection(study, false, allTasks, List.of(), List.of(), List.of());
        }
        List<String> separating = new ArrayList<>();
        List<String> below = new ArrayList<>();
        judged.forEach(t -> (t.separates() ? separating : below).add(t.task()));
        List<String> unjudged = study.tasks().stream().filter(t -> !separating.contains(t) && !below.contains(t))
                .toList();
        ResultTable table = allTasks ? study : study.withTasks(separating);
        return new TaskSelection(table, true, allTasks, separating, below, unjudged);
    }

    /** Whether some of the study's tasks are left out of {@link #table()}. */
    public boolean leavesOut() {
        return lineDrawn && !allTasks && !(below.isEmpty() && unjudged.isEmpty());
    }

    /** One sentence for the reader: which tasks the analysis reads, which it leaves out, and why. */
    public String sentence() {
        if (!lineDrawn) {
            return "Computed on every task: the separation line could not be applied, since the study has no "
                    + "random-init encoder to measure tasks against.";
        }
        if (allTasks) {
            return "Computed on every task, as asked (" + ALL_TASKS_FLAG + ")" + (below.isEmpty() ? "" : "; "
                    + join(below) + " " + (below.size() == 1 ? "is" : "are") + " below the separation line, so "
                    + "read " + (below.size() == 1 ? "its" : "their") + " cells as noise") + ".";
        }
        if (!leavesOut()) {
            return "Computed on every task: each separates an encoder from random-init.";
        }
        List<String> reasons = new ArrayList<>();
        if (!below.isEmpty()) {
            reasons.add(join(below) + " (below the separation line: no encoder beats random-init by it)");
        }
        if (!unjudged.isEmpty()) {
            reasons.add(join(unjudged) + " (not scored by random-init and another encoder, so not judged)");
        }
        return "Computed on the " + separating.size() + " of " + (separating.size() + below.size() + unjudged.size())
                + " tasks that separate an encoder from random-init" + (separating.isEmpty() ? ""
                : " (" + join(separating) + ")") + "; left out: " + String.join("; ", reasons) + ". "
                + ALL_TASKS_FLAG + " includes them.";
    }

    /**
     * @param needed how many tasks {@code what} needs
     * @param what   the analysis, e.g. "a correlation between tasks"
     * @throws IllegalArgumentException naming the separating tasks and the way to read all, where fewer are chosen
     */
    public void requireTasks(int needed, String what) {
        int chosen = table.tasks().size();
        if (chosen >= needed) {
            return;
        }
        throw new IllegalArgumentException(what + " needs " + needed + " task" + (needed == 1 ? "" : "s")
                + (leavesOut() ? ", and " + (chosen == 0 ? "no task separates" : "only " + join(table.tasks())
                + (chosen == 1 ? " separates" : " separate")) + " an encoder from random-init at this study's "
                + "budgets; " + ALL_TASKS_FLAG + " reads every task anyway" : ", and the study has " + chosen));
    }

    private static String join(List<String> tasks) {
        return String.join(", ", tasks);
    }
}
