package dev.repbench.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.report.svg.ColorScale;
import dev.repbench.runtime.report.svg.Heatmap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One heatmap per {@code cka.json} written by {@code repbench cka} (PAPER.md analysis 7). */
final class CkaSection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CkaSection() {
    }

    static String render(ReportContext ctx, List<Path> files) {
        StringBuilder s = new StringBuilder(Html.heading("cka", "CKA between layers"));
        if (files.isEmpty()) {
            return s + Html.unavailable("CKA heatmaps", "no cka.json given; run repbench cka and pass its file with "
                    + "--cka");
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            int index = i;
            s.append(ReportContext.orUnavailable("CKA of " + file, () -> heatmap(ctx, file, index)));
        }
        return s.toString();
    }

    private static String heatmap(ReportContext ctx, Path file, int index) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        List<String> rows = strings(root, "rowLabels", file);
        List<String> columns = strings(root, "columnLabels", file);
        JsonNode valuesNode = root.path("values");
        if (!valuesNode.isArray() || valuesNode.size() != rows.size()) {
            throw new IllegalArgumentException(file + ": 'values' must be " + rows.size() + " rows (one per rowLabels "
                    + "entry); is this a cka.json written by repbench cka?");
        }
        double[][] values = new double[rows.size()][columns.size()];
        List<List<Object>> tableRows = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = valuesNode.get(r);
            if (!row.isArray() || row.size() != columns.size()) {
                throw new IllegalArgumentException(file + ": row " + r + " of 'values' must have " + columns.size()
                        + " numbers (one per columnLabels entry)");
            }
            List<Object> tableRow = new ArrayList<>(List.of(rows.get(r)));
            for (int c = 0; c < columns.size(); c++) {
                values[r][c] = row.get(c).isNumber() ? row.get(c).asDouble() : Double.NaN;
                tableRow.add(values[r][c]);
            }
            tableRows.add(tableRow);
        }
        List<String> encoders = new ArrayList<>();
        for (JsonNode e : root.path("encoders")) {
            String sha = e.path("onnxSha256").asText("");
            EncoderInfo known = ctx.table().encoders().stream().filter(x -> x.sha256().equals(sha)).findFirst()
                    .orElse(null);
            encoders.add(known != null ? known.label() : e.path("architecture").asText("?") + " "
                    + EncoderInfo.shortHash(sha));
        }
        String title = "CKA: " + String.join(" vs ", encoders);
        String name = "cka-" + (index + 1);
        List<String> header = new ArrayList<>(List.of("layer"));
        header.addAll(columns);
        return Html.subheading(title)
                + Html.paragraph(String.format(Locale.ROOT, "%s, %d images of %s (%s split) at %s, batches of %d; "
                        + "from %s.", root.path("form").asText("linear CKA"), root.path("images").asInt(),
                root.path("dataset").asText("?"), root.path("split").asText("?"), root.path("inputSize").toString(),
                root.path("batchSize").asInt(), file))
                + ctx.output().chart(new Heatmap(name, title, rows, columns, values, ColorScale.sequential(0, 1), null,
                List.of()).scene())
                + ctx.output().table(new ReportTable(name, header, tableRows));
    }

    private static List<String> strings(JsonNode root, String field, Path file) {
        JsonNode node = root.path(field);
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(file + " has no '" + field + "' list; is it a cka.json written by "
                    + "repbench cka?");
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
