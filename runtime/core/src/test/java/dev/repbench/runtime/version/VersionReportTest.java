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
        assertTrue(lines.get(4).startsWith("CPU") && lines.get(4).endsWith(", "
                + Runtime.getRuntime().availableProcessors() + " logical processor(s)"), lines.get(4));
        // Five fixed lines, then one per component: the fakes here and the real ones main registers.
        long components = java.util.ServiceLoader.load(ComponentVersion.class, VersionReportTest.class.getClassLoader()).stream().count();
        assertEquals(5 + components, lines.size(), lines.toString());
        assertTrue(lines.contains(String.format("%-12s %s", "fake-torch", "9.9.9 (cpu)")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("fake-ort") && l.contains("unavailable: UnsatisfiedLinkError")
                && l.contains("libfake_ort.so")), lines.toString());
    }

    @Test
    void theProcessorsModelIsTheFirstProcessorsNameWithItsFamilyModelAndStepping(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws java.io.IOException {
        java.nio.file.Path cpuinfo = java.nio.file.Files.writeString(temp.resolve("cpuinfo"), """
                processor	: 0
                vendor_id	: AuthenticAMD
                cpu family	: 26
                model		: 2
                model name	: AMD EPYC 9B45 128-Core Processor
                stepping	: 1
                flags		: fpu avx512f avx512_bf16

                processor	: 1
                cpu family	: 25
                model name	: Another
                """);
        assertEquals(java.util.Optional.of("AMD EPYC 9B45 128-Core Processor (family 26, model 2, stepping 1)"),
                Processor.model(cpuinfo));
        // A virtual machine that hides the name: Zen 4 and Zen 5 both say "AMD EPYC", their numbers differ.
        java.nio.file.Path zen4 = java.nio.file.Files.writeString(temp.resolve("zen4"),
                "processor\t: 0\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC\nstepping\t: 1\n");
        assertEquals(java.util.Optional.of("AMD EPYC (family 25, model 17, stepping 1)"), Processor.model(zen4));
        java.nio.file.Path arm = java.nio.file.Files.writeString(temp.resolve("arm"),
                "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n");
        assertEquals(java.util.Optional.of(System.getProperty("os.arch") + " (implementer 0x41, part 0xd0c)"),
                Processor.model(arm));
        assertEquals(java.util.Optional.empty(), Processor.model(java.nio.file.Files.writeString(
                temp.resolve("bare"), "processor\t: 0\nBogoMIPS\t: 50.00\n")));
        assertEquals(java.util.Optional.empty(), Processor.model(temp.resolve("missing")));
    }
}
