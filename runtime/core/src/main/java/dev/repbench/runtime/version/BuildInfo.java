package dev.repbench.runtime.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** RepBench's own version, from {@code build.properties} that Maven fills in at build time. */
public final class BuildInfo {

    private static final String RESOURCE = "build.properties";
    private static final String UNKNOWN = "unknown (build.properties missing: not built with Maven)";

    private BuildInfo() {}

    /** @return the RepBench version, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            // An unfiltered copy (e.g. an IDE build without Maven) still holds the placeholder.
            return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
