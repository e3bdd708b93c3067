package dev.repbench.runtime.report;

import dev.repbench.runtime.analysis.compare.ResultTable;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.version.BuildInfo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The version of the code that builds a report: the sha256 of the report's jar and the analyses' jar, so that a study
 * run again after RepBench changed rebuilds its report (a second or so) while its records stay. Where the classes
 * are not in jars (an IDE, a test), RepBench's version stands in.
 */
public final class ReportCode {
    private static final String VERSION = compute();

    private ReportCode() {
    }

    /** @return the version, the same for the same jars */
    public static String version() {
        return VERSION;
    }

    private static String compute() {
        List<String> parts = new ArrayList<>();
        for (Class<?> part : List.of(ReportBuilder.class, ResultTable.class)) {
            Path jar = jarOf(part);
            if (jar == null) {
                return "repbench " + BuildInfo.version();
            }
            try {
                parts.add(Sha256.ofFile(jar));
            } catch (IOException e) {
                return "repbench " + BuildInfo.version();
            }
        }
        return Sha256.of(String.join(" ", parts));
    }

    private static Path jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
