package dev.repbench.runtime.version;

import dev.repbench.api.SpiVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The lines {@code repbench version} prints: RepBench, its SPI, Java, OS, CPU, then each {@link ComponentVersion}. */
public final class VersionReport {

    private VersionReport() {}

    /**
     * @param loader where to look for {@link ComponentVersion} implementations
     * @return one line per item, e.g. {@code "Java     25.0.1 (Eclipse Adoptium)"}
     */
    public static List<String> lines(ClassLoader loader) {
        List<String> lines = new ArrayList<>();
        lines.add(line("RepBench", BuildInfo.version()));
        lines.add(line("SPI", SpiVersion.CURRENT.toString()));
        lines.add(line("Java", System.getProperty("java.runtime.version", Runtime.version().toString())
                + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"));
        lines.add(line("OS", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")"));
        lines.add(line("CPU", Processor.describe()));
        Iterator<ComponentVersion> it = ServiceLoader.load(ComponentVersion.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                lines.add(componentLine(it.next()));
            } catch (ServiceConfigurationError | LinkageError e) {
                lines.add(line("(component)", "unavailable: " + oneLine(e)));
                break; // the iterator may not recover; the remaining lines would be guesses
            }
        }
        return lines;
    }

    private static String componentLine(ComponentVersion c) {
        String name;
        try {
            name = c.component();
        } catch (RuntimeException | LinkageError e) {
            name = c.getClass().getSimpleName();
        }
        try {
            return line(name, c.version());
        } catch (Exception | LinkageError e) {
            return line(name, "unavailable: " + oneLine(e));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replaceAll("\\R", " "));
    }

    private static String line(String name, String value) {
        return String.format("%-12s %s", name, value);
    }
}
