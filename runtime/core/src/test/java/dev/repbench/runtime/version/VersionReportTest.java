package dev.repbench.runtime.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionReportTest {

    @Test
    void reportsRepBenchSpiJavaOsAndEachComponentEvenAFailingOne() {
        List<String> lines = VersionReport.lines(VersionReportTest.class.getClassLoader());
        assertTrue(lines.get(0).startsWith("RepBench"), lines.toString());
        assertFalse(lines.get(0).contains("${") || lines.get(0).contains("unknown"),
                "build.properties must be filtered by Maven: " + lines.get(0));
        assertTrue(lines.get(1).matches("SPI\\s+" + java.util.regex.Pattern.quote(dev.repbench.api.SpiVersion.CURRENT.toString())), lines.get(1));
        assertTrue(lines.get(2).startsWith("Java") && lines.get(2).contains(String.valueOf(Runtime.version().feature())));
        assertTrue(lines.get(3).startsWith("OS") && lines.get(3).contains(System.getProperty("os.arch")));
        // Four fixed lines, then one per component: the fakes here and the real ones main registers.
        long components = java.util.ServiceLoader.load(ComponentVersion.class, VersionReportTest.class.getClassLoader()).stream().count();
        assertEquals(4 + components, lines.size(), lines.toString());
        assertTrue(lines.contains(String.format("%-12s %s", "fake-torch", "9.9.9 (cpu)")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("fake-ort") && l.contains("unavailable: UnsatisfiedLinkError")
                && l.contains("libfake_ort.so")), lines.toString());
    }
}
