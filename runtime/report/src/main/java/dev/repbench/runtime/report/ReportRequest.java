package dev.repbench.runtime.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code repbench report} and a run spec's report cell ask for.
 *
 * @param records   the result-records folder (one JSON per (encoder, task, seed)); its {@code encoders/} sub-folder
 *                  holds the evaluated encoders' descriptors, written by {@code repbench eval}
 * @param ckaFiles  {@code cka.json} files to draw as heatmaps, possibly none
 * @param out       the report folder: {@code index.html}, {@code charts/*.svg|png}, {@code tables/*.csv|json}
 * @param title     the page title
 * @param encoders  more encoder folders or {@code encoder.json} files (searched recursively) whose provenance names
 *                  the records' encoders, possibly none
 * @param notes     lines shown at the top of the page, e.g. which of a study's cells are missing, possibly none
 * @param allTasks  whether correlations, comparisons and the ANOVA read every task, rather than only those that
 *                  separate an encoder from random-init ({@link dev.repbench.runtime.analysis.compare.TaskSelection})
 * @param study     for a study's report, its records and its encoders' names ({@link StudyRecords}); {@code null}
 *                  reads every record in the folder, labelled by provenance
 */
public record ReportRequest(Path records, List<Path> ckaFiles, Path out, String title, List<Path> encoders,
                            List<String> notes, boolean allTasks, StudyRecords study) {
    public ReportRequest {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(title, "title");
        ckaFiles = List.copyOf(ckaFiles);
        encoders = encoders == null ? List.of() : List.copyOf(encoders);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A request reading every record in the folder. */
    public ReportRequest(Path records, List<Path> ckaFiles, Path out, String title, List<Path> encoders,
                         List<String> notes, boolean allTasks) {
        this(records, ckaFiles, out, title, encoders, notes, allTasks, null);
    }

    /** A request without notes, reading the separating tasks. */
    public ReportRequest(Path records, List<Path> ckaFiles, Path out, String title, List<Path> encoders) {
        this(records, ckaFiles, out, title, encoders, List.of(), false);
    }

    /** A request whose encoders' provenance comes from the records folder alone. */
    public ReportRequest(Path records, List<Path> ckaFiles, Path out, String title) {
        this(records, ckaFiles, out, title, List.of());
    }
}
