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

    static String render(ReportContext ctx, List<Path> files, LayerAgreements agreements) {
        StringBuilder s = new StringBuilder(Html.heading("cka", "CKA between layers"));
        if (files.isEmpty()) {
            return s + Html.unavailable("CKA heatmaps", "no cka.json given; run repbench cka and pass its file with "
                    + "--cka");
        }
        if (!agreements.rows().isEmpty()) {
            String ranking = agreements.ranking();
            s.append(Html.subheading("How much each encoder's layers agree"))
                    .append(Html.paragraph("The mean CKA between two different layers of one encoder, from its own "
                            + "CKA matrix below (1 when every layer represents the images alike). "
                            + (ranking.isEmpty() ? Character.toUpperCase(LayerAgreements.STUDY.charAt(0))
                            + LayerAgreements.STUDY.substring(1) : "By algorithm, highest first: " + ranking + "; "
                            + LayerAgreements.STUDY) + "."))
                    .append(ctx.output().table(agreements.table()));
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
        List<String> encoders = cka.encoders().stream().map(e -> encoder(ctx, e).label()).toList();
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

    /** The encoder of a CKA file as the records know it, else labelled by its architecture and hash. */
    static EncoderInfo encoder(ReportContext ctx, CkaFile.Encoder e) {
        String sha = e.onnxSha256() == null ? "" : e.onnxSha256();
        return ctx.table().encoders().stream().filter(x -> x.sha256().equals(sha)).findFirst()
                .orElseGet(() -> new EncoderInfo(sha, (e.architecture() == null ? "?" : e.architecture()) + " "
                        + EncoderInfo.shortHash(sha), null, null, null));
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** As the file writes it, e.g. {@code [32,32]}. */
    private static String inputSize(List<Integer> size) {
        return size.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
