package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Per task, the mean score of one algorithm's encoders minus another's (the study's Fig. 5: MoCo v2 − SwAV over
 * the 200-epoch encoders), optionally only over encoders pretrained for a given number of epochs.
 */
public final class AlgorithmDifference {
    private AlgorithmDifference() {
    }

    /** One task: the two means, how many encoders each averages, and {@code meanA − meanB}. */
    public record Row(String task, String category, double meanA, int encodersA, double meanB, int encodersB,
                      double difference) {
    }

    /**
     * @param epochs only encoders pretrained this many epochs, or null for all
     * @throws IllegalArgumentException if an algorithm has no encoders (the known ones are named) or a score of
     *                                  theirs is missing
     */
    public static List<Row> of(ResultTable table, String algorithmA, String algorithmB, Integer epochs) {
        List<EncoderInfo> a = encodersOf(table, algorithmA, epochs);
        List<EncoderInfo> b = encodersOf(table, algorithmB, epochs);
        List<EncoderInfo> both = new ArrayList<>(a);
        both.addAll(b);
        Checks.requireComplete(table.scores(both, table.tasks()), algorithmA + " − " + algorithmB);
        List<Row> rows = new ArrayList<>();
        for (String task : table.tasks()) {
            double ma = a.stream().mapToDouble(e -> table.mean(e, task)).average().orElseThrow();
            double mb = b.stream().mapToDouble(e -> table.mean(e, task)).average().orElseThrow();
            rows.add(new Row(task, table.category(task), ma, a.size(), mb, b.size(), ma - mb));
        }
        return rows;
    }

    /** The self-supervised algorithms present, in name order: the candidates for a difference. */
    public static List<String> selfSupervisedAlgorithms(ResultTable table) {
        return table.encoders().stream().filter(EncoderInfo::isSelfSupervised).map(EncoderInfo::algorithm)
                .distinct().sorted().toList();
    }

    private static List<EncoderInfo> encodersOf(ResultTable table, String algorithm, Integer epochs) {
        List<EncoderInfo> found = table.encoders().stream()
                .filter(e -> algorithm.equals(e.algorithm()) && (epochs == null || Objects.equals(epochs, e.epochs())))
                .toList();
        if (found.isEmpty()) {
            List<String> known = table.encoders().stream()
                    .map(e -> e.algorithm() + (e.epochs() == null ? "" : "@" + e.epochs() + "ep")).distinct().toList();
            throw new IllegalArgumentException("no encoder of algorithm " + algorithm
                    + (epochs == null ? "" : " pretrained " + epochs + " epochs") + "; encoders present: " + known);
        }
        return found;
    }
}
