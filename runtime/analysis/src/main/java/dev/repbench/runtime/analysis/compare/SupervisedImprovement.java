package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per task, the best self-supervised encoder of each pretraining dataset against the supervised encoder (the one
 * pretrained on that dataset where there is one per dataset: {@link SupervisedReference}), as a percentage
 * improvement {@code 100 · (best − supervised) / |supervised|} (the study's Fig. 3). Scores are
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
     * @throws IllegalArgumentException without a supervised encoder for each pretraining dataset's self-supervised
     *                                  encoders ({@link SupervisedReference}), without self-supervised ones, with
     *                                  missing scores, or where the supervised score is 0 (each named)
     */
    public static List<Row> perTask(ResultTable table) {
        SupervisedReference reference = SupervisedReference.of(table, WHAT);
        List<EncoderInfo> ssl = Checks.selfSupervised(table, WHAT);
        Map<String, List<EncoderInfo>> byDataset = new LinkedHashMap<>();
        ssl.stream().sorted(java.util.Comparator.comparing(SupervisedImprovement::datasetLabel))
                .forEach(e -> byDataset.computeIfAbsent(datasetLabel(e), k -> new ArrayList<>()).add(e));
        Map<String, EncoderInfo> supervisedOf = new LinkedHashMap<>();
        byDataset.forEach((label, encoders) -> supervisedOf.put(label, reference.forDataset(encoders.getFirst().dataset())));
        List<EncoderInfo> involved = new ArrayList<>(ssl);
        supervisedOf.values().stream().distinct().forEach(involved::add);
        Checks.requireComplete(table.scores(involved, table.tasks()), WHAT);
        for (EncoderInfo supervised : supervisedOf.values().stream().distinct().toList()) {
            List<String> zero = table.tasks().stream().filter(t -> table.mean(supervised, t) == 0).toList();
            if (!zero.isEmpty()) {
                throw new IllegalArgumentException("a % improvement over the supervised encoder " + supervised.label()
                        + " is undefined where it scores 0: " + zero);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String task : table.tasks()) {
            byDataset.forEach((dataset, encoders) -> {
                EncoderInfo best = encoders.getFirst();
                for (EncoderInfo e : encoders) {
                    if (table.mean(e, task) > table.mean(best, task)) {
                        best = e;
                    }
                }
                EncoderInfo supervised = supervisedOf.get(dataset);
                double base = table.mean(supervised, task);
                double score = table.mean(best, task);
                rows.add(new Row(task, table.category(task), dataset, best.label(), score, supervised.label(), base,
                        100 * (score - base) / Math.abs(base)));
            });
        }
        return rows;
    }

    private static String datasetLabel(EncoderInfo e) {
        return e.dataset() == null ? UNKNOWN_DATASET : e.dataset();
    }
}
