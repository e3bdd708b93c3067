package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every section of the report reads and writes: the result table, the encoders' descriptors by ONNX sha256
 * (possibly incomplete) and the report's output files.
 */
record ReportContext(ResultTable table, Map<String, EncoderDescriptor> descriptors, ReportOutput output) {

    /** The colour group of an encoder in charts: its algorithm's rank among the algorithms present. */
    int algorithmGroup(EncoderInfo encoder) {
        return table.encoders().stream().map(e -> String.valueOf(e.algorithm())).distinct().sorted().toList()
                .indexOf(String.valueOf(encoder.algorithm()));
    }

    /**
     * The HTML of {@code part}, or a visible notice naming why it cannot be shown: a comparison the data cannot
     * support is explained on the page, never silently left out.
     */
    static String orUnavailable(String what, Supplier<String> part) {
        try {
            return part.get();
        } catch (IllegalArgumentException e) {
            return Html.unavailable(what, e.getMessage());
        }
    }
}
