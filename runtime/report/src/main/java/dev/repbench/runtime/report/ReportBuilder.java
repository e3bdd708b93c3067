package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.TaskSelection;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.FileProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the report folder from result records and CKA files: {@code index.html} (one self-contained page: inline
 * SVG charts, CSS and a little script for sortable tables; nothing fetched from the network), {@code charts/} (each
 * chart as SVG and PNG) and {@code tables/} (each table as CSV and JSON).
 *
 * <p>The folder is built beside its destination and moved into place in one rename, so a reader sees the old
 * report or the new one, never half of each. An existing destination is replaced only if it is empty or holds a
 * report ({@code index.html}); anything else is refused rather than deleted.
 */
public final class ReportBuilder {
    /** The page's file name in the report folder. */
    public static final String INDEX = "index.html";

    private ReportBuilder() {
    }

    /**
     * @param request what to read and where to write
     * @return the report's {@code index.html}
     * @throws IllegalArgumentException if the records folder is missing or holds no records, records of one task or
     *                                  the CKA files come from different versions of their data, or the destination is
     *                                  a non-empty folder that is not a report
     * @throws UncheckedIOException     if a file cannot be read or written
     */
    public static Path build(ReportRequest request) {
        Path out = request.out().toAbsolutePath().normalize();
        refuseForeignDestination(out);
        ResultsFolder results = ResultsFolder.load(request.records(), request.encoders(), request.study());
        DataVersions.requireOnePerCkaDataset(request.ckaFiles());

        Path parent = out.getParent();
        Path staging = createStaging(parent, out);
        try {
            ReportContext ctx = new ReportContext(results.table(), TaskSelection.of(results.table(), request.allTasks()),
                    results.descriptors(), new ReportOutput(staging));
            String html = page(request, ctx, results.records().size(), results.notes(), out);
            ctx.output().write(staging.resolve(INDEX), html.getBytes(StandardCharsets.UTF_8));
            publish(staging, out);
            staging = null;
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
        return out.resolve(INDEX);
    }

    private static String page(ReportRequest request, ReportContext ctx, int records, List<String> notes, Path out) {
        // relative to the report, so the page names no machine's path and stays right when a run folder is moved
        String recordsFolder = out.relativize(request.records().toAbsolutePath().normalize()).toString();
        StringBuilder body = new StringBuilder();
        LayerAgreements agreements = LayerAgreements.read(ctx, request.ckaFiles());
        body.append(ReadingGuide.render(ctx, agreements));
        body.append(OverviewSections.encoders(ctx));
        body.append(OverviewSections.scores(ctx));
        body.append(OverviewSections.correlations(ctx));
        body.append(ComparisonSections.all(ctx));
        body.append(CkaSection.render(ctx, request.ckaFiles(), agreements));
        body.append(AnovaSection.render(ctx));
        String title = Html.escape(request.title());
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title + "</title>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n"
                + resource("report.css") + "</style>\n</head>\n<body>\n<h1>" + title + "</h1>\n<p class=\"meta\">"
                + records + " result records, " + ctx.table().encoders().size() + " encoders, "
                + ctx.table().tasks().size() + " tasks; records from " + Html.escape(recordsFolder)
                + "; built " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".</p>\n"
                + "<nav><a href=\"#reading\">Reading</a><a href=\"#encoders\">Encoders</a><a href=\"#scores\">Scores</a>"
                + "<a href=\"#correlations\">Correlations</a><a href=\"#comparisons\">Comparisons</a>"
                + "<a href=\"#cka\">CKA</a><a href=\"#anova\">ANOVA</a></nav>\n"
                + Html.notes(Stream.concat(request.notes().stream(), notes.stream()).toList()) + body + "<script>\n" + resource("report.js") + "</script>\n</body>\n</html>\n";
    }

    private static String resource(String name) {
        try (InputStream in = ReportBuilder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report resource " + name + " is missing from the RepBench jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static void refuseForeignDestination(Path out) {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException("the report destination " + out + " is a file; give a folder with --out");
        }
        try (var entries = Files.list(out)) {
            if (entries.findAny().isPresent() && !Files.isRegularFile(out.resolve(INDEX))) {
                throw new IllegalArgumentException("the report destination " + out + " holds files but no " + INDEX
                        + ", so it is not an earlier report; choose an empty or new folder with --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out + ": " + e.getMessage(), e);
        }
    }

    private static Path createStaging(Path parent, Path out) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "." + out.getFileName() + ".building-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder in " + parent + " to build the report: "
                    + FileProblems.reason(e), e);
        }
    }

    /** Renames the finished folder into place; an earlier report is moved aside first and deleted after. */
    private static void publish(Path staging, Path out) {
        try {
            Path previous = null;
            if (Files.exists(out)) {
                previous = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".previous-");
                Files.delete(previous);
                Files.move(out, previous, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            if (previous != null) {
                deleteTree(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the finished report into " + out + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        try {
            AtomicFiles.deleteTree(root);
        } catch (IOException e) {
            // a leftover hidden staging folder is harmless; the report itself is complete or untouched
        }
    }
}
