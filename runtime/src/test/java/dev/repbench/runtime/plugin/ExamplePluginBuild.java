package dev.repbench.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
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
 * what a test needs around its jar: a copy declaring another SPI version, and a class loader with the plugin kit.
 */
final class ExamplePluginBuild {
    /** The example's folder, relative to the repository root. */
    static final String EXAMPLE = "examples/plugin-byol";
    /** A kit class every kit-based plugin links against. */
    private static final String KIT_CLASS = "dev.repbench.plugins.kit.train.Method";

    private ExamplePluginBuild() {
    }

    /** The repository root: surefire runs in the runtime module's folder. */
    static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        assertTrue(root != null && Files.isRegularFile(root.resolve(EXAMPLE).resolve("pom.xml")),
                "cannot find " + EXAMPLE + "/pom.xml next to the runtime module " + module);
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

    /**
     * The class path RepBench runs plugins on: the test's own, plus the plugin kit. The runtime module does not
     * depend on the kit; when its class path does not hold it, the kit jar comes from the local Maven repository,
     * where the example's build found it too.
     */
    static ClassLoader applicationLoaderWithKit(ClassLoader testLoader) throws IOException {
        try {
            Class.forName(KIT_CLASS, false, testLoader);
            return testLoader;
        } catch (ClassNotFoundException absent) {
            String version = dev.repbench.runtime.version.BuildInfo.version();
            Path repository = Path.of(System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
            Path kit = repository.resolve("dev/repbench/repbench-plugin-kit").resolve(version)
                    .resolve("repbench-plugin-kit-" + version + ".jar");
            assertTrue(Files.isRegularFile(kit), "the plugin kit is neither on the test class path nor at " + kit
                    + " — install it: mvn -o -B -q install -pl plugins/kit");
            return new URLClassLoader("repbench-with-kit", new URL[] {kit.toUri().toURL()}, testLoader);
        }
    }
}
