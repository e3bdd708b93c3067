package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.cka.CkaFile;
import dev.repbench.runtime.analysis.cka.LayerAgreement;
import dev.repbench.runtime.analysis.compare.EncoderInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The layer agreement ({@link LayerAgreement}) of each encoder the report has a CKA file of its own layers for, and
 * its mean per algorithm: the CKA section's table and the first screen's CKA line. Files that compare two
 * encoders, and files that cannot be read (the CKA section says why), are left out.
 *
 * @param rows one per CKA file of one encoder, in the order the files were given
 */
record LayerAgreements(List<Row> rows) {
    /** What the study measured, for the reader to hold the miniature against. */
    static final String STUDY = "the study found MoCo v2's encoders 0.18 above SwAV's and read it as more low-level "
            + "information kept in the late blocks (App. E)";

    /**
     * @param encoder   the encoder, as the records know it (or labelled by architecture and hash)
     * @param layers    how many layers its CKA file holds
     * @param agreement the mean CKA between two of its different layers
     */
    record Row(EncoderInfo encoder, int layers, double agreement) {
    }

    LayerAgreements {
        rows = List.copyOf(rows);
    }

    static LayerAgreements read(ReportContext ctx, List<Path> files) {
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            try {
                CkaFile cka = CkaFile.read(file);
                if (cka.symmetric() && !cka.encoders().isEmpty()) {
                    rows.add(new Row(CkaSection.encoder(ctx, cka.encoders().getFirst()), cka.rowLabels().size(),
                            LayerAgreement.of(cka)));
                }
            } catch (IllegalArgumentException e) {
                // the CKA section shows the file as not shown, with the reason
            }
        }
        return new LayerAgreements(rows);
    }

    /** @return the mean agreement over each algorithm's encoders, highest first; encoders of unknown algorithm left out */
    Map<String, Double> byAlgorithm() {
        Map<String, List<Double>> values = new TreeMap<>();
        for (Row r : rows) {
            if (r.encoder().algorithm() != null) {
                values.computeIfAbsent(r.encoder().algorithm(), a -> new ArrayList<>()).add(r.agreement());
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        values.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().stream().mapToDouble(Double::doubleValue).average()
                        .orElseThrow()))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> means.put(e.getKey(), e.getValue()));
        return means;
    }

    /**
     * @return the algorithms with their mean agreement, highest first ({@code "moco-v2 0.835, swav 0.687"}); empty
     *         unless two algorithms have one
     */
    String ranking() {
        Map<String, Double> means = byAlgorithm();
        if (means.size() < 2) {
            return "";
        }
        return means.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** @return the table of every encoder's agreement */
    ReportTable table() {
        List<List<Object>> tableRows = new ArrayList<>();
        for (Row r : rows) {
            tableRows.add(List.of(r.encoder().label(),
                    r.encoder().algorithm() == null ? "unknown" : r.encoder().algorithm(), r.layers(), r.agreement()));
        }
        return new ReportTable("cka-layer-agreement", List.of("encoder", "algorithm", "layers",
                "mean CKA between different layers"), tableRows);
    }
}
