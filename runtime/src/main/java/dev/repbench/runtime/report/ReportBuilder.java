package dev.repbench.runtime.report;

import java.nio.file.Path;

/** Builds the report folder from result records and CKA files. */
public final class ReportBuilder {
    // TODO(report helper): implement.

    private ReportBuilder() {
    }

    /**
     * @param request what to read and where to write
     * @return the report's {@code index.html}
     */
    public static Path build(ReportRequest request) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
