package dev.repbench.runtime.report;

import dev.repbench.runtime.report.svg.PngRenderer;
import dev.repbench.runtime.report.svg.Scene;
import dev.repbench.runtime.report.svg.SvgRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The files of a report being built in a staging folder: each chart as {@code charts/<name>.svg} and {@code .png},
 * each table as {@code tables/<name>.csv} and {@code .json}; each call returns the HTML that shows it inline.
 */
final class ReportOutput {
    private static final double PNG_SCALE = 2;
    private final Path folder;
    private final Set<String> names = new HashSet<>();

    ReportOutput(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder.resolve("charts"));
            Files.createDirectories(folder.resolve("tables"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report's folders in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Writes the chart's SVG and PNG; returns the inline SVG in a figure. */
    String chart(Scene scene) {
        claim("chart", scene.name());
        String svg = SvgRenderer.render(scene);
        write(folder.resolve("charts").resolve(scene.name() + ".svg"), svg.getBytes(StandardCharsets.UTF_8));
        write(folder.resolve("charts").resolve(scene.name() + ".png"), PngRenderer.render(scene, PNG_SCALE));
        return "<figure class=\"chart-box\">" + svg + "<figcaption>" + Html.link("charts/" + scene.name() + ".svg")
                + " · " + Html.link("charts/" + scene.name() + ".png") + "</figcaption></figure>\n";
    }

    /** Writes the table's CSV and JSON; returns the sortable HTML table. */
    String table(ReportTable table) {
        claim("table", table.name());
        write(folder.resolve("tables").resolve(table.name() + ".csv"), table.csv().getBytes(StandardCharsets.UTF_8));
        write(folder.resolve("tables").resolve(table.name() + ".json"), table.json().getBytes(StandardCharsets.UTF_8));
        return Html.table(table);
    }

    void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void claim(String kind, String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || !names.add(kind + "/" + name)) {
            throw new IllegalStateException("report " + kind + " name '" + name + "' is not file-safe or is used twice");
        }
    }

    /** A file-safe version of {@code text}: runs of other characters become '-'. */
    static String safeName(String text) {
        String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "x" : s;
    }
}
