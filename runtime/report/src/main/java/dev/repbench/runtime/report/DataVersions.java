package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.cka.CkaFile;
import dev.repbench.runtime.eval.record.ResultRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Refuses a report over two versions of one task's data: scores of one task computed on different data are not
 * comparable, and a correlation or ANOVA over them would mix them without a trace. Records name their data by its
 * manifest hash; CKA files name theirs likewise (files written before RepBench recorded it are taken as they are).
 */
final class DataVersions {
    private DataVersions() {
    }

    /**
     * @param records the records of one folder
     * @param folder  that folder, for the message
     * @throws IllegalArgumentException naming the task, each data version with how many records have it and one of
     *                                  their files, and the fix
     */
    static void requireOnePerTask(List<ResultRecord> records, Path folder) {
        Map<String, Map<String, List<ResultRecord>>> byTask = new TreeMap<>();
        for (ResultRecord r : records) {
            byTask.computeIfAbsent(r.task(), t -> new TreeMap<>())
                    .computeIfAbsent(Objects.requireNonNullElse(r.datasetManifestHash(), "none"),
                            m -> new ArrayList<>()).add(r);
        }
        List<String> mixed = new ArrayList<>();
        byTask.forEach((task, versions) -> {
            if (versions.size() > 1) {
                List<String> parts = new ArrayList<>();
                versions.forEach((manifest, rs) -> parts.add(rs.size() + " on data " + shortHash(manifest) + " (e.g. "
                        + rs.getFirst().key().fileName() + ")"));
                mixed.add(task + ": " + String.join(", ", parts));
            }
        });
        if (!mixed.isEmpty()) {
            throw new IllegalArgumentException("the records folder " + folder + " holds results of one task computed on"
                    + " different versions of its data, which a report cannot compare: " + String.join("; ", mixed)
                    + " — rerun 'repbench eval' (or 'repbench run') on the current data for the encoders whose records"
                    + " are stale (it replaces them), or delete those records");
        }
    }

    /**
     * @param files the CKA files given to the report
     * @throws IllegalArgumentException naming the file and the fix: one that is missing or not a readable CKA file of
     *                                  this RepBench's format, or files whose dataset versions differ
     */
    static void requireOnePerCkaDataset(List<Path> files) {
        Map<String, Map<String, Path>> byDataset = new TreeMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("the CKA file " + file + " does not exist: check the --cka path"
                        + " (repbench cka --out DIR writes DIR/" + CkaFile.JSON_FILE + ")");
            }
            CkaFile cka = CkaFile.read(file); // a file given and unreadable is refused before the report is built
            if (cka.datasetManifestHash() != null) {
                byDataset.computeIfAbsent(String.valueOf(cka.dataset()), d -> new TreeMap<>())
                        .putIfAbsent(cka.datasetManifestHash(), file);
            }
        }
        byDataset.forEach((dataset, versions) -> {
            if (versions.size() > 1) {
                List<String> parts = new ArrayList<>();
                versions.forEach((manifest, file) -> parts.add(file + " (data " + shortHash(manifest) + ")"));
                throw new IllegalArgumentException("the CKA files were computed on different versions of " + dataset
                        + ": " + String.join(", ", parts) + " — rerun 'repbench cka' for the stale ones, or leave them"
                        + " out of the report");
            }
        });
    }

    private static String shortHash(String hash) {
        return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }
}
