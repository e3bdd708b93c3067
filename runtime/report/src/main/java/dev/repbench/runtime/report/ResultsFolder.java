package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A records folder read for analysis: its records, the encoders' descriptors (kept by {@code repbench eval} in
 * its {@code encoders/} sub-folder, plus any given encoder folders), the result table, and notes for the reader.
 *
 * @param folder      the records folder
 * @param records     every record in it
 * @param descriptors encoder descriptors by ONNX sha256 (encoders without one are labelled by hash)
 * @param table       the records as a table of scores
 * @param notes       what a reader should know (descriptors that match nothing, mixed configurations, …)
 */
public record ResultsFolder(Path folder, List<ResultRecord> records, Map<String, EncoderDescriptor> descriptors,
                            ResultTable table, List<String> notes) {
    public ResultsFolder {
        records = List.copyOf(records);
        descriptors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(descriptors));
        notes = List.copyOf(notes);
    }

    /**
     * Reads {@code records} and the encoder descriptors in {@code encoders} (folders searched for
     * {@code encoder.json}, or such files).
     *
     * @throws IllegalArgumentException if the folder is missing or holds no records, records of one task come from
     *                                  different versions of its data, or an encoder path is missing
     */
    public static ResultsFolder load(Path records, List<Path> encoders) {
        return load(records, encoders, null);
    }

    /**
     * As {@link #load(Path, List)} for a study ({@code null}: every record): only the study's records are read, how
     * many others the folder holds is said in a note, and the encoders are labelled by their names in its spec.
     *
     * @throws IllegalArgumentException also if none of the study's records is there
     */
    public static ResultsFolder load(Path records, List<Path> encoders, StudyRecords study) {
        if (!Files.isDirectory(records)) {
            throw new IllegalArgumentException("the records folder " + records + " does not exist; run repbench eval "
                    + "--out " + records + " first, or point --records at its folder");
        }
        ResultStore store = ResultStore.open(records);
        List<ResultRecord> listed = store.list();
        List<ResultRecord> all = study == null ? listed
                : listed.stream().filter(r -> study.keys().contains(r.key())).toList();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the records folder " + store.folder() + " holds no result records "
                    + (study == null ? "(*.json written by repbench eval)"
                    : "of the study's " + study.keys().size() + " evaluations (of a study run with 'run --precision'"
                    + " other than its spec's, give 'report --spec' the same --precision)"));
        }
        List<String> notes = new ArrayList<>();
        if (all.size() < listed.size()) {
            notes.add(String.format(Locale.ROOT, "%d other record(s) in the records folder are left out: they are not"
                    + " of this study's evaluations as its spec now stands (records of an encoder, task or protocol it "
                    + "changed since).", listed.size() - all.size()));
        }
        DataVersions.requireOnePerTask(all, store.folder());
        processorsNote(all).ifPresent(notes::add);
        blasNote(all).ifPresent(notes::add);
        Map<String, EncoderDescriptor> descriptors = new LinkedHashMap<>(store.encoders());
        EncoderSources.read(encoders, descriptors, notes);
        Map<String, EncoderInfo> infos = new LinkedHashMap<>();
        descriptors.forEach((sha, d) -> infos.put(sha, EncoderInfo.of(sha, d.provenance())));
        if (study != null) {
            study.names().forEach((sha, name) -> infos.compute(sha, (k, info) -> info == null
                    ? EncoderInfo.unknown(sha).withLabel(name) : info.withLabel(name)));
        }
        return new ResultsFolder(store.folder(), all, descriptors, ResultTable.of(all, infos), notes);
    }

    /** Says so when the records were computed on more than one processor model, whose scores differ by kernels. */
    static Optional<String> processorsNote(List<ResultRecord> records) {
        return counted(records, ResultRecord::processor).map(each -> "The records were computed on " + each.size()
                + " processor models (" + each.text() + " record(s)). Scores are reproducible to the bit on one processor"
                + " model; across models they may differ, since oneDNN's and ONNX Runtime's kernels follow the"
                + " instructions each has and sum in other orders, so a difference between encoders evaluated on"
                + " different ones may include the processors'; evaluating on one model tells them apart.");
    }

    /**
     * Says so when the records were computed with more than one BLAS, or OpenBLAS's kernels: a float32 head's
     * products then sum in other orders, which after training moves its score as a head seed can (docs/run-spec.md).
     */
    static Optional<String> blasNote(List<ResultRecord> records) {
        return counted(records, r -> r.versions() == null ? null : r.versions().blas()).map(each -> "The records were"
                + " computed with " + each.size() + " BLAS builds or kernels (" + each.text() + " record(s)). A float32"
                + " head's score depends on them as on a head seed, so a difference between encoders evaluated with"
                + " different ones includes theirs; evaluating under one BLAS tells them apart.");
    }

    /** How many records give each value of {@code key} (those without one left out), when they give two or more. */
    private static Optional<Counts> counted(List<ResultRecord> records, Function<ResultRecord, String> key) {
        Map<String, Long> byValue = records.stream().filter(r -> key.apply(r) != null).collect(
                Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        if (byValue.size() < 2) {
            return Optional.empty();
        }
        StringBuilder each = new StringBuilder();
        byValue.forEach((value, n) -> each.append(each.isEmpty() ? "" : "; ").append(value).append(": ").append(n));
        return Optional.of(new Counts(byValue.size(), each.toString()));
    }

    /** {@code size} distinct values, listed with their counts as {@code text}. */
    private record Counts(int size, String text) {
    }
}
