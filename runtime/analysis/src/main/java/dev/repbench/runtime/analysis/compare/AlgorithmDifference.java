package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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

    /**
     * The pretraining length to compare two algorithms at, as the study compared its 200-epoch encoders: the epochs
     * value both algorithms have encoders for, the one with the most such encoders (the longer on a tie); null when
     * they share none.
     */
    public static Integer commonEpochs(ResultTable table, String algorithmA, String algorithmB) {
        Map<Integer, Integer> counts = new TreeMap<>(Comparator.reverseOrder());
        for (EncoderInfo e : table.encoders()) {
            if (e.epochs() != null && (algorithmA.equals(e.algorithm()) || algorithmB.equals(e.algorithm()))) {
                counts.merge(e.epochs(), 1, Integer::sum);
            }
        }
        Integer best = null;
        for (Map.Entry<Integer, Integer> entry : counts.entrySet()) {
            int epochs = entry.getKey();
            boolean both = has(table, algorithmA, epochs) && has(table, algorithmB, epochs);
            if (both && (best == null || entry.getValue() > counts.get(best))) {
                best = epochs;
            }
        }
        return best;
    }

    private static boolean has(ResultTable table, String algorithm, int epochs) {
        return table.encoders().stream().anyMatch(e -> algorithm.equals(e.algorithm()) && Objects.equals(e.epochs(), epochs));
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
