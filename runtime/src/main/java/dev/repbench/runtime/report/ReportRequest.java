package dev.repbench.runtime.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code repbench report} and a run spec's report cell ask for.
 *
 * @param records   the result-records folder (one JSON per (encoder, task, seed))
 * @param ckaFiles  {@code cka.json} files to draw as heatmaps, possibly none
 * @param out       the report folder: {@code index.html}, {@code charts/*.svg|png}, {@code tables/*.csv|json}
 * @param title     the page title
 */
public record ReportRequest(Path records, List<Path> ckaFiles, Path out, String title) {
    public ReportRequest {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(title, "title");
        ckaFiles = List.copyOf(ckaFiles);
    }
}
