package dev.repbench.runtime.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table of the report: written as {@code tables/<name>.csv} and {@code .json} and shown as a sortable HTML table.
 * Cells are strings or numbers; numbers keep full precision in CSV and JSON and are rounded for display.
 *
 * @param name    file-name-safe id
 * @param columns column headings
 * @param rows    the rows, each as long as {@code columns}
 */
public record ReportTable(String name, List<String> columns, List<List<Object>> rows) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ReportTable {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("table " + name + ": a row has " + row.size() + " cells for "
                        + columns.size() + " columns " + columns);
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row))); // cells may be null
        }
        rows = List.copyOf(copy);
    }

    /** RFC 4180 CSV: a header line, then one line per row; NaN and missing cells are empty. */
    public String csv() {
        StringBuilder s = new StringBuilder();
        s.append(String.join(",", columns.stream().map(ReportTable::csvField).toList())).append("\r\n");
        for (List<Object> row : rows) {
            s.append(String.join(",", row.stream().map(c -> csvField(raw(c))).toList())).append("\r\n");
        }
        return s.toString();
    }

    /** A JSON array of objects keyed by column; NaN and missing cells are null. */
    public String json() {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (List<Object> row : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                Object cell = row.get(c);
                o.put(columns.get(c), cell instanceof Double d && !Double.isFinite(d) ? null : cell);
            }
            objects.add(o);
        }
        try {
            return JSON.writeValueAsString(objects);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("table " + name + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** A cell as shown on the page: numbers with 4 significant digits, NaN and null as an en dash. */
    static String display(Object cell) {
        if (cell == null || cell instanceof Double d && Double.isNaN(d)) {
            return "–";
        }
        if (cell instanceof Double d) {
            return Math.abs(d) >= 1e5 || (d != 0 && Math.abs(d) < 1e-3)
                    ? String.format(Locale.ROOT, "%.3e", d) : String.format(Locale.ROOT, "%.4g", d);
        }
        return cell.toString();
    }

    private static String raw(Object cell) {
        if (cell == null || cell instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        return cell.toString();
    }

    private static String csvField(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
