package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.analysis.compare.SeparationLine;
import dev.repbench.runtime.analysis.compare.SupervisedImprovement;
import dev.repbench.runtime.analysis.compare.TaskSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's first screen: what a reader should look at, in order; which tasks measure something in this study
 * (their best encoder clears {@link SeparationLine} over the random-init encoder), which of them the correlations,
 * comparisons and ANOVA read ({@link TaskSelection}), and where supervised and self-supervised encoders lead on them,
 * the study's semantic/structural flip.
 */
final class ReadingGuide {
    /** A separating task whose gap is under the line plus this fraction of it is said to pass only just. */
    static final double NARROW_MARGIN = 0.25;

    private ReadingGuide() {
    }

    static String render(ReportContext ctx, LayerAgreements agreements) {
        StringBuilder s = new StringBuilder(Html.heading("reading", "Reading this report"));
        s.append("<ol class=\"guide\">\n");
        for (String step : List.of(
                "Which tasks measure something here (below): a task on which no trained encoder beats random weights "
                        + "by the line reads noise, so the correlations, comparisons and ANOVA leave it out (unless "
                        + "the report was built with " + TaskSelection.ALL_TASKS_FLAG + ").",
                "Scores per task: each encoder against random-init, task by task.",
                "Task correlations: do tasks of one category rank the encoders alike (bright blocks along the "
                        + "diagonal), and semantic tasks differently from structural ones?",
                "Comparisons: where the best self-supervised encoder beats the supervised one, and whether that flips "
                        + "between semantic and structural tasks; which algorithm or pretraining dataset wins where.",
                "CKA: whether algorithms differ in what their blocks represent, and from which block on.",
                "ANOVA: how much of the score each factor (task, algorithm, dataset) explains.")) {
            s.append("<li>").append(Html.escape(step)).append("</li>\n");
        }
        s.append("</ol>\n");
        s.append(Html.paragraph(lookAt(ctx)));
        if (!agreements.ranking().isEmpty()) {
            s.append(Html.paragraph("CKA: how much an encoder's layers agree with one another (the mean CKA between "
                    + "two of its different layers), by algorithm, highest first: " + agreements.ranking() + "; "
                    + LayerAgreements.STUDY + "."));
        }
        List<SeparationLine.Task> tasks = SeparationLine.overRandomInit(ctx.table());
        if (tasks.isEmpty()) {
            return s.append(Html.unavailable("Which tasks separate encoders", "the study has no random-init encoder to "
                    + "measure them against, so the separation line could not be applied and every task is read; add "
                    + "one (an encoder 'random-init: { arch: ... }' in the spec)")).toString();
        }
        List<List<Object>> rows = new ArrayList<>();
        List<String> below = new ArrayList<>();
        List<String> narrow = new ArrayList<>();
        for (SeparationLine.Task t : tasks) {
            rows.add(List.of(t.task(), t.metric(), t.randomInit(), t.best(), t.bestScore(), t.gap(), t.required(),
                    t.separates() ? "yes" : "no"));
            if (!t.separates()) {
                below.add(t.task());
            } else if (t.gap() < (1 + NARROW_MARGIN) * t.required()) {
                int seeds = ctx.table().seedScores(ctx.table().encoder(t.best()), t.task()).size();
                narrow.add(String.format(Locale.ROOT, "%s (gap %.4g where %.4g is needed; %d seed%s)", t.task(),
                        t.gap(), t.required(), seeds, seeds == 1 ? "" : "s"));
            }
        }
        s.append(Html.paragraph(String.format(Locale.ROOT, "%d of %d tasks separate an encoder from random-init: the "
                        + "best encoder's gap over it is at least %.2f in top-1 or mIoU, or %.0f%% of random-init's error in "
                        + "\u2212L1 or 1 \u2212 Fl-all (the line bench battery applies to the battery).", tasks.size() - below.size(),
                tasks.size(), SeparationLine.SCORE_GAP, 100 * SeparationLine.ERROR_FRACTION)
                + (below.isEmpty() ? "" : " Below the line, at this study's budgets: " + String.join(", ", below)
                + ".") + (narrow.isEmpty() ? "" : " Only just above it: " + String.join(", ", narrow) + "; more "
                + "seeds (seeds: [0, 1, 2] in a run spec) tell such a pass from noise.") + floor(ctx) + " "
                + ctx.selection().sentence()));
        s.append(ctx.output().table(new ReportTable("separation", List.of("task", "metric", "random-init",
                "best encoder", "best", "gap", "needed", "separates"), rows)));
        return s.toString();
    }

    /**
     * Which random-init encoders the line is drawn over, where there are several or the one has a dataset: a
     * random-init pretrained on a dataset (random weights, batch-norm statistics estimated on it) raises the floor to
     * what those statistics alone score.
     */
    private static String floor(ReportContext ctx) {
        List<EncoderInfo> randoms = ctx.table().encoders().stream()
                .filter(e -> EncoderInfo.RANDOM_INIT.equals(e.algorithm())).toList();
        boolean control = randoms.stream().anyMatch(e -> e.dataset() != null);
        if (randoms.size() < 2 && !control) {
            return "";
        }
        String controlMeaning = "random weights whose batch-norm statistics were estimated on it (a random-init "
                + "pretraining), so the line asks whether an encoder beats those statistics alone.";
        if (randoms.size() == 1) {
            return " The line is drawn over " + randoms.getFirst().label() + ": " + controlMeaning;
        }
        return " The line is drawn over the best of the study's " + randoms.size() + " random-init encoders on each "
                + "task (" + String.join(", ", randoms.stream().map(EncoderInfo::label).toList()) + ")"
                + (control ? "; one with a dataset is " + controlMeaning : ".");
    }

    /** What to look at first: the separating tasks, and who leads on which of them, from the records. */
    private static String lookAt(ReportContext ctx) {
        TaskSelection selection = ctx.selection();
        if (!selection.lineDrawn()) {
            return "Look at every task: without a random-init encoder none can be checked against the separation "
                    + "line. " + leads(ctx.table());
        }
        if (selection.separating().isEmpty()) {
            return "No task separates an encoder from random-init at this study's budgets, so the comparisons below "
                    + "would read noise; train the encoders or the heads longer before drawing conclusions.";
        }
        // on the separating tasks even where the report reads every task: the reader's first look
        return "Look at the tasks that separate encoders: " + String.join(", ", selection.separating()) + ". "
                + leads(ctx.table().withTasks(selection.separating()));
    }

    /**
     * Where the supervised encoder and the best self-supervised one lead, task by task with its category, and
     * whether that flips between semantic and structural tasks (the study's main finding).
     */
    static String leads(ResultTable table) {
        List<SupervisedImprovement.Row> rows;
        try {
            rows = SupervisedImprovement.perTask(table);
        } catch (IllegalArgumentException e) {
            return "Who leads where is not shown: " + e.getMessage() + ".";
        }
        Map<String, Double> bestPercent = new LinkedHashMap<>();
        Map<String, String> category = new LinkedHashMap<>();
        for (SupervisedImprovement.Row r : rows) {
            bestPercent.merge(r.task(), r.percent(), Math::max);
            category.put(r.task(), r.category());
        }
        List<String> supervised = new ArrayList<>();
        List<String> selfSupervised = new ArrayList<>();
        bestPercent.forEach((task, percent) -> (percent > 0 ? selfSupervised : supervised)
                .add(task + " (" + category.get(task) + ")"));
        String who = (supervised.isEmpty() ? "Self-supervised leads on every one of these tasks: "
                + String.join(", ", selfSupervised)
                : selfSupervised.isEmpty() ? "Supervised leads on every one of these tasks: "
                + String.join(", ", supervised)
                : "Supervised leads on " + String.join(", ", supervised) + "; self-supervised on "
                + String.join(", ", selfSupervised)) + ".";
        return who + " " + flip(bestPercent, category);
    }

    private static String flip(Map<String, Double> bestPercent, Map<String, String> category) {
        Map<Boolean, List<Double>> byKind = new LinkedHashMap<>();
        bestPercent.forEach((task, percent) -> {
            String label = category.get(task) == null ? "" : category.get(task).toLowerCase(Locale.ROOT);
            if (label.startsWith("semantic") || label.startsWith("structural")) {
                byKind.computeIfAbsent(label.startsWith("semantic"), k -> new ArrayList<>()).add(percent);
            }
        });
        if (byKind.size() < 2) {
            return "A semantic/structural flip cannot show: these tasks are not of both kinds.";
        }
        boolean supervisedOnSemantic = byKind.get(true).stream().allMatch(p -> p <= 0);
        boolean sslOnStructural = byKind.get(false).stream().allMatch(p -> p > 0);
        boolean sslOnSemantic = byKind.get(true).stream().allMatch(p -> p > 0);
        boolean supervisedOnStructural = byKind.get(false).stream().allMatch(p -> p <= 0);
        // One task of a kind shows who leads there, not a pattern across the kind.
        String oneTask = byKind.get(true).size() == 1 || byKind.get(false).size() == 1
                ? " With one task of a kind it is a hint, not yet a pattern." : "";
        if (supervisedOnSemantic && sslOnStructural) {
            return "That is the study's flip: supervised leads on semantic tasks, self-supervised on structural ones."
                    + oneTask;
        }
        if (sslOnSemantic && supervisedOnStructural) {
            return "The flip runs the other way here: self-supervised leads on semantic tasks, supervised on "
                    + "structural ones." + oneTask;
        }
        return "No clean semantic/structural flip: within a kind, the lead changes from task to task.";
    }
}
