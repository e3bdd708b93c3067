package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.cka.CkaFile;
import dev.repbench.runtime.analysis.compare.EncoderInfo;
import dev.repbench.runtime.report.svg.ColorScale;
import dev.repbench.runtime.report.svg.Heatmap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One heatmap per {@link CkaFile} ({@code repbench cka}, a study's CKA cells; PAPER.md analysis 7). */
final class CkaSection {
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
        CkaFile cka = CkaFile.read(file);
        List<String> rows = cka.rowLabels();
        List<String> columns = cka.columnLabels();
        List<List<Object>> tableRows = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<Object> tableRow = new ArrayList<>(List.of(rows.get(r)));
            for (double v : cka.values()[r]) {
                tableRow.add(v);
            }
            tableRows.add(tableRow);
        }
        List<String> encoders = new ArrayList<>();
        for (CkaFile.Encoder e : cka.encoders()) {
            String sha = e.onnxSha256() == null ? "" : e.onnxSha256();
            EncoderInfo known = ctx.table().encoders().stream().filter(x -> x.sha256().equals(sha)).findFirst()
                    .orElse(null);
            encoders.add(known != null ? known.label() : (e.architecture() == null ? "?" : e.architecture()) + " "
                    + EncoderInfo.shortHash(sha));
        }
        String title = "CKA: " + String.join(" vs ", encoders);
        String name = "cka-" + (index + 1);
        List<String> header = new ArrayList<>(List.of("layer"));
        header.addAll(columns);
        return Html.subheading(title)
                + Html.paragraph(String.format(Locale.ROOT, "%s, %d images of %s (%s split) at %s, batches of %d; "
                        + "from %s.", or(cka.form(), "linear CKA"), cka.images(), or(cka.dataset(), "?"),
                or(cka.split(), "?"), inputSize(cka.inputSize()), cka.batchSize(), file))
                + ctx.output().chart(new Heatmap(name, title, rows, columns, cka.values(), ColorScale.sequential(0, 1), null,
                List.of()).scene())
                + ctx.output().table(new ReportTable(name, header, tableRows));
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** As the file writes it, e.g. {@code [32,32]}. */
    private static String inputSize(List<Integer> size) {
        return size.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
