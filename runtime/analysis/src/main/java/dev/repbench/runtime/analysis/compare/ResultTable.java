package dev.repbench.runtime.analysis.compare;

import dev.repbench.api.task.TaskCategory;
import dev.repbench.runtime.analysis.stats.ScoreTable;
import dev.repbench.runtime.eval.record.ResultRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores of encoders on tasks, every seed kept: the table the comparisons read. A cell's score is the mean over
 * its seeds. Tasks are ordered by category (the study's order) then name, encoders by label; labels are unique
 * (a clash gets the hash appended). Immutable; built from result records or, in tests, cell by cell.
 */
public final class ResultTable {
    private final List<EncoderInfo> encoders;
    private final List<String> tasks;
    private final Map<String, String> categoryOfTask;
    private final Map<String, String> metricOfTask;
    private final Map<String, Map<String, TreeMap<Long, Double>>> cells; // encoder sha → task → seed → score
    private final List<String> notes;

    private ResultTable(Builder b) {
        this.encoders = uniqueLabels(b.encoders.values());
        this.categoryOfTask = Map.copyOf(b.categories);
        this.metricOfTask = Map.copyOf(b.metrics);
        this.tasks = b.categories.keySet().stream()
                .sorted(Comparator.comparingInt((String t) -> categoryRank(b.categories.get(t))).thenComparing(t -> t))
                .toList();
        this.cells = b.cells;
        this.notes = List.copyOf(b.notes);
    }

    /**
     * The table of {@code records}; an encoder missing from {@code encodersBySha} is labelled by its hash with an
     * unknown provenance, and the notes say so.
     */
    public static ResultTable of(List<ResultRecord> records, Map<String, EncoderInfo> encodersBySha) {
        Builder builder = builder();
        Map<String, Set<String>> configsOfCell = new TreeMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (ResultRecord r : records) {
            EncoderInfo encoder = encodersBySha.get(r.encoderSha256());
            if (encoder == null) {
                encoder = EncoderInfo.unknown(r.encoderSha256());
                unknown.add(encoder.label());
            }
            String cell = encoder.label() + " on " + r.task();
            if (builder.has(encoder, r.task(), r.seed())) {
                builder.note(cell + " seed " + r.seed() + " has several records (configuration " + r.configHash()
                        + " among them): the first one read is used");
                continue;
            }
            builder.add(encoder, r.task(), r.category(), r.metric(), r.seed(), r.testAtBestValidation());
            configsOfCell.computeIfAbsent(encoder.label() + " on " + r.task(), k -> new LinkedHashSet<>())
                    .add(r.configHash());
        }
        if (!unknown.isEmpty()) {
            builder.note("no encoder.json known for " + String.join(", ", unknown)
                    + ": their algorithm and dataset are unknown, so comparisons by provenance leave them out");
        }
        configsOfCell.forEach((cell, configs) -> {
            if (configs.size() > 1) {
                builder.note(cell + " mixes protocol configurations " + configs + ": its seeds are averaged together");
            }
        });
        return builder.build();
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every encoder, by label. */
    public List<EncoderInfo> encoders() {
        return encoders;
    }

    /** Every task, by category then name. */
    public List<String> tasks() {
        return tasks;
    }

    /** The task's category label, as recorded. */
    public String category(String task) {
        return categoryOfTask.get(task);
    }

    /** The task's metric name, as recorded. */
    public String metric(String task) {
        return metricOfTask.get(task);
    }

    /** Things a reader should know about the data (unknown encoders, mixed configurations). */
    public List<String> notes() {
        return notes;
    }

    /** The encoder labelled {@code label}. */
    public EncoderInfo encoder(String label) {
        return encoders.stream().filter(e -> e.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no encoder " + label + " in "
                        + encoders.stream().map(EncoderInfo::label).toList()));
    }

    /** The scores of {@code encoder} on {@code task} by seed, ascending; empty when not evaluated. */
    public Map<Long, Double> seedScores(EncoderInfo encoder, String task) {
        TreeMap<Long, Double> bySeed = cells.getOrDefault(encoder.sha256(), Map.of()).get(task);
        return bySeed == null ? Map.of() : java.util.Collections.unmodifiableMap(bySeed);
    }

    /** The mean score over seeds, {@code NaN} when the cell was not evaluated. */
    public double mean(EncoderInfo encoder, String task) {
        Map<Long, Double> scores = seedScores(encoder, task);
        return scores.isEmpty() ? Double.NaN
                : scores.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Mean scores of all encoders on all tasks ({@code NaN} where missing). */
    public ScoreTable scores() {
        return scores(encoders, tasks);
    }

    /** Mean scores of {@code subset} on {@code taskSubset}, rows labelled by encoder label. */
    public ScoreTable scores(List<EncoderInfo> subset, List<String> taskSubset) {
        double[][] values = new double[subset.size()][taskSubset.size()];
        for (int i = 0; i < subset.size(); i++) {
            for (int j = 0; j < taskSubset.size(); j++) {
                values[i][j] = mean(subset.get(i), taskSubset.get(j));
            }
        }
        return new ScoreTable(subset.stream().map(EncoderInfo::label).toList(), taskSubset, values);
    }

    /**
     * This table on {@code keep} alone (in this table's order), every seed and note kept; an encoder with no score on
     * those tasks drops out.
     */
    public ResultTable withTasks(java.util.Collection<String> keep) {
        Builder builder = builder();
        for (EncoderInfo encoder : encoders) {
            for (String task : tasks) {
                if (keep.contains(task)) {
                    seedScores(encoder, task).forEach((seed, score) -> builder.add(encoder, task, category(task),
                            metric(task), seed, score));
                }
            }
        }
        notes.forEach(builder::note);
        return builder.build();
    }

    /** Study order of a recorded category label; unknown labels last. */
    private static int categoryRank(String label) {
        for (TaskCategory c : TaskCategory.values()) {
            if (c.label().equals(label) || c.name().equals(label)) {
                return c.ordinal();
            }
        }
        return TaskCategory.values().length;
    }

    /** Labels made unique: a shared label gets the short hash appended, or the whole hash if that is shared too. */
    private static List<EncoderInfo> uniqueLabels(java.util.Collection<EncoderInfo> all) {
        List<EncoderInfo> original = List.copyOf(all);
        Map<String, Integer> count = counts(original);
        List<EncoderInfo> out = new ArrayList<>(original.stream().map(e -> count.get(e.label()) > 1
                ? e.withLabel(e.label() + " #" + EncoderInfo.shortHash(e.sha256())) : e).toList());
        Map<String, Integer> stillShared = counts(out);
        for (int i = 0; i < out.size(); i++) {
            if (stillShared.get(out.get(i).label()) > 1) {
                out.set(i, original.get(i).withLabel(original.get(i).label() + " #" + original.get(i).sha256()));
            }
        }
        out.sort(Comparator.comparing(EncoderInfo::label));
        return List.copyOf(out);
    }

    private static Map<String, Integer> counts(List<EncoderInfo> encoders) {
        Map<String, Integer> count = new HashMap<>();
        encoders.forEach(e -> count.merge(e.label(), 1, Integer::sum));
        return count;
    }

    /** Collects cells; a second score for the same (encoder, task, seed) is refused. */
    public static final class Builder {
        private final Map<String, EncoderInfo> encoders = new LinkedHashMap<>();
        private final Map<String, String> categories = new LinkedHashMap<>();
        private final Map<String, String> metrics = new LinkedHashMap<>();
        private final Map<String, Map<String, TreeMap<Long, Double>>> cells = new HashMap<>();
        private final List<String> notes = new ArrayList<>();

        private Builder() {
        }

        /** Adds one score of {@code encoder} on {@code task} (of {@code category}, scored by {@code metric}). */
        public Builder add(EncoderInfo encoder, String task, String category, String metric, long seed, double score) {
            EncoderInfo known = encoders.putIfAbsent(encoder.sha256(), encoder);
            if (known != null && !known.equals(encoder)) {
                throw new IllegalArgumentException("encoder " + encoder.sha256() + " described twice: " + known
                        + " and " + encoder);
            }
            String knownCategory = categories.putIfAbsent(task, category == null ? "unknown" : category);
            if (knownCategory != null && category != null && !knownCategory.equals(category)) {
                throw new IllegalArgumentException("task " + task + " is recorded in two categories: " + knownCategory
                        + " and " + category);
            }
            metrics.putIfAbsent(task, metric == null ? "score" : metric);
            Double previous = cells.computeIfAbsent(encoder.sha256(), k -> new HashMap<>())
                    .computeIfAbsent(task, k -> new TreeMap<>()).put(seed, score);
            if (previous != null) {
                throw new IllegalArgumentException(encoder.label() + " on " + task + " seed " + seed
                        + " has two scores (" + previous + " and " + score + "): keep one record per seed");
            }
            return this;
        }

        /** Whether a score of {@code encoder} on {@code task} for {@code seed} was added. */
        public boolean has(EncoderInfo encoder, String task, long seed) {
            Map<String, TreeMap<Long, Double>> byTask = cells.get(encoder.sha256());
            return byTask != null && byTask.containsKey(task) && byTask.get(task).containsKey(seed);
        }

        /** Adds a note for readers. */
        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public ResultTable build() {
            return new ResultTable(this);
        }
    }
}
