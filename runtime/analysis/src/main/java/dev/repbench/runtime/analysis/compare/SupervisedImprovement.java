package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per task, the best self-supervised encoder of each pretraining dataset against the supervised encoder, as a
 * percentage improvement {@code 100 · (best − supervised) / |supervised|} (the study's Fig. 3). Scores are
 * "higher is better" (the battery's regression metrics are negated errors), so a positive value favours
 * self-supervision.
 */
public final class SupervisedImprovement {
    private static final String WHAT = "the supervised-vs-self-supervised comparison";
    /** The dataset label of self-supervised encoders whose dataset is not recorded. */
    public static final String UNKNOWN_DATASET = "unknown dataset";

    private SupervisedImprovement() {
    }

    /** One task and dataset: the best self-supervised encoder and its improvement over the supervised one. */
    public record Row(String task, String category, String dataset, String bestEncoder, double bestScore,
                      String supervisedEncoder, double supervisedScore, double percent) {
    }

    /**
     * @throws IllegalArgumentException without exactly one supervised encoder, without self-supervised ones, with
     *                                  missing scores, or where the supervised score is 0 (each named)
     */
    public static List<Row> perTask(ResultTable table) {
        EncoderInfo supervised = Checks.supervised(table, WHAT);
        List<EncoderInfo> ssl = Checks.selfSupervised(table, WHAT);
        List<EncoderInfo> involved = new ArrayList<>(ssl);
        involved.add(supervised);
        Checks.requireComplete(table.scores(involved, table.tasks()), WHAT);
        Map<String, List<EncoderInfo>> byDataset = new LinkedHashMap<>();
        ssl.stream().sorted(java.util.Comparator.comparing(e -> e.dataset() == null ? UNKNOWN_DATASET : e.dataset()))
                .forEach(e -> byDataset.computeIfAbsent(e.dataset() == null ? UNKNOWN_DATASET : e.dataset(),
                        k -> new ArrayList<>()).add(e));
        List<String> zero = table.tasks().stream().filter(t -> table.mean(supervised, t) == 0).toList();
        if (!zero.isEmpty()) {
            throw new IllegalArgumentException("a % improvement over the supervised encoder " + supervised.label()
                    + " is undefined where it scores 0: " + zero);
        }
        List<Row> rows = new ArrayList<>();
        for (String task : table.tasks()) {
            double base = table.mean(supervised, task);
            byDataset.forEach((dataset, encoders) -> {
                EncoderInfo best = encoders.getFirst();
                for (EncoderInfo e : encoders) {
                    if (table.mean(e, task) > table.mean(best, task)) {
                        best = e;
                    }
                }
                double score = table.mean(best, task);
                rows.add(new Row(task, table.category(task), dataset, best.label(), score, supervised.label(), base,
                        100 * (score - base) / Math.abs(base)));
            });
        }
        return rows;
    }
}
