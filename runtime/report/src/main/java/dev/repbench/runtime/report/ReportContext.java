package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.analysis.compare.TaskSelection;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every section of the report reads and writes: the result table (every task), the tasks the correlations,
 * comparisons and ANOVA read, the encoders' descriptors by ONNX sha256 (possibly incomplete) and the report's output
 * files.
 */
record ReportContext(ResultTable table, TaskSelection selection, Map<String, EncoderDescriptor> descriptors,
                     ReportOutput output) {

    /** The scores the correlations, comparisons and ANOVA read: the separating tasks unless all were asked for. */
    ResultTable analysed() {
        return selection.table();
    }

    /** The algorithms present, by name ({@code unknown} for encoders without provenance): the charts' colours. */
    java.util.List<String> algorithms() {
        return table.encoders().stream().map(ReportContext::algorithm).distinct().sorted().toList();
    }

    /** The colour group of an encoder in charts: its algorithm's index in {@link #algorithms()}. */
    int algorithmGroup(EncoderInfo encoder) {
        return algorithms().indexOf(algorithm(encoder));
    }

    private static String algorithm(EncoderInfo encoder) {
        return encoder.algorithm() == null ? "unknown" : encoder.algorithm();
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
