package dev.repbench.runtime.cli;

import dev.repbench.runtime.io.RepositoryRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds {@code examples/plugin-byol} with Maven as a third party would (its own pom, outside the main build), and
 * what a test needs around its jar: a copy declaring another SPI version.
 */
final class ExamplePluginBuild {
    /** The example's folder, relative to the repository root. */
    static final String EXAMPLE = "examples/plugin-byol";

    private ExamplePluginBuild() {
    }

    /** The repository root. */
    static Path repositoryRoot() {
        Path root = RepositoryRoot.find();
        assertTrue(Files.isRegularFile(root.resolve(EXAMPLE).resolve("pom.xml")), "cannot find " + EXAMPLE + "/pom.xml in " + root);
        return root;
    }

    /**
     * Runs {@code mvn -o -q -f examples/plugin-byol/pom.xml package -DskipTests} and returns the jar it made.
     *
     * @param log where Maven's output goes, shown when the build fails
     */
    static Path buildJar(Path log) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path mvn = mavenOnPath();
        ProcessBuilder builder = new ProcessBuilder(mvn.toString(), "-o", "-B", "-q", "-f", root.resolve(EXAMPLE).resolve("pom.xml").toString(),
                "package", "-DskipTests")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The JDK running this test is a JDK 25; Maven's own default might not be.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process build = builder.start();
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            fail("building " + EXAMPLE + " took over 5 minutes; Maven's output: " + log);
        }
        assertEquals(0, build.exitValue(), "mvn package of " + EXAMPLE + " failed:\n" + Files.readString(log));
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(root.resolve(EXAMPLE).resolve("target"), "*.jar")) {
            found.forEach(jars::add);
        }
        assertEquals(1, jars.size(), "expected one jar in " + EXAMPLE + "/target, found " + jars);
        return jars.getFirst();
    }

    private static Path mavenOnPath() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String folder : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder, "mvn");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("this test builds " + EXAMPLE + " with Maven, as a plugin's author would, but no 'mvn' is on the PATH ("
                + path + ") — install Maven (Debian: apt-get install maven) or add its bin folder to the PATH");
    }

    /** Writes a copy of {@code jar} whose manifest declares {@code RepBench-SPI-Version: version}. */
    static Path withSpiVersion(Path jar, String version, Path copy) throws IOException {
        try (JarFile source = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(source.getManifest());
            manifest.getMainAttributes().putValue(dev.repbench.api.SpiVersion.MANIFEST_ATTRIBUTE, version);
            try (OutputStream file = Files.newOutputStream(copy); JarOutputStream out = new JarOutputStream(file, manifest)) {
                Enumeration<JarEntry> entries = source.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return copy;
    }
}
