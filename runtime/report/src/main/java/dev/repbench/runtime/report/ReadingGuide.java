package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.SeparationLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's first screen: what a reader should look at, in order, and which tasks measure something in this study
 * (their best encoder clears {@link SeparationLine} over the random-init encoder). Correlations, comparisons and the
 * ANOVA read every task; one below the line adds noise to them, so the reader is told which before reading them.
 */
final class ReadingGuide {
    private ReadingGuide() {
    }

    static String render(ReportContext ctx) {
        StringBuilder s = new StringBuilder(Html.heading("reading", "Reading this report"));
        s.append("<ol class=\"guide\">\n");
        for (String step : List.of(
                "Which tasks measure something here (below): a task on which no trained encoder beats random weights "
                        + "by the line reads noise, and so do its cells in everything after it.",
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
        List<SeparationLine.Task> tasks = SeparationLine.overRandomInit(ctx.table());
        if (tasks.isEmpty()) {
            return s.append(Html.unavailable("Which tasks separate encoders", "the study has no random-init encoder to "
                    + "measure them against; add one (an encoder 'random-init: { arch: ... }' in the spec)")).toString();
        }
        List<List<Object>> rows = new ArrayList<>();
        List<String> below = new ArrayList<>();
        for (SeparationLine.Task t : tasks) {
            rows.add(List.of(t.task(), t.metric(), t.randomInit(), t.best(), t.bestScore(), t.gap(), t.required(),
                    t.separates() ? "yes" : "no"));
            if (!t.separates()) {
                below.add(t.task());
            }
        }
        s.append(Html.paragraph(String.format(Locale.ROOT, "%d of %d tasks separate an encoder from random-init: the "
                        + "best encoder's gap over it is at least %.2f in top-1 or mIoU, or %.0f%% of random-init's error in "
                        + "\u2212L1 or 1 \u2212 Fl-all (the line bench battery applies to the battery).", tasks.size() - below.size(),
                tasks.size(), SeparationLine.SCORE_GAP, 100 * SeparationLine.ERROR_FRACTION)
                + (below.isEmpty() ? "" : " Below the line, at this study's budgets: " + String.join(", ", below)
                + ". Read their rows and columns below as noise.")));
        s.append(ctx.output().table(new ReportTable("separation", List.of("task", "metric", "random-init",
                "best encoder", "best", "gap", "needed", "separates"), rows)));
        return s.toString();
    }
}
