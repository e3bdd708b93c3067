package dev.repbench.runtime.plugin;

import dev.repbench.torch.nn.arch.Architecture;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar for a test: compiles Java sources against the api classes the test runs
 * with, writes {@code META-INF/services} entries and a manifest, and can leave classes out (to make
 * a jar that fails to link).
 */
public final class TestJar {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Set<String> omitted = new HashSet<>();
    private String spiVersion = "1.0";

    /** @param version the manifest's RepBench-SPI-Version, or null for none */
    public TestJar spi(String version) {
        this.spiVersion = version;
        return this;
    }

    /** Adds a class to compile. */
    public TestJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Registers a provider class (compiled or not) under a service. */
    public TestJar service(Class<?> service, String providerClass) {
        services.computeIfAbsent(service.getName(), k -> new ArrayList<>()).add(providerClass);
        return this;
    }

    /** Compiles the class but leaves it out of the jar. */
    public TestJar omit(String className) {
        omitted.add(className);
        return this;
    }

    /** Compiles and writes the jar to {@code jar}, using a scratch folder beside it that is removed afterwards. */
    public Path writeTo(Path jar) throws IOException {
        Path classes = Files.createTempDirectory(jar.toAbsolutePath().getParent(), "classes-");
        try {
            compile(classes);
            write(jar, classes);
        } finally {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return jar;
    }

    private void write(Path jar, Path classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spiVersion != null) {
            manifest.getMainAttributes().putValue("RepBench-SPI-Version", spiVersion);
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            List<Path> classFiles;
            try (Stream<Path> walk = Files.walk(classes)) {
                classFiles = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
            }
            for (Path c : classFiles) {
                String entry = classes.relativize(c).toString().replace('\\', '/');
                String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                if (omitted.contains(className)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
            for (Map.Entry<String, List<String>> s : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                out.write((String.join("\n", s.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    private void compile(Path classes) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            units.add(new SimpleJavaFileObject(java.net.URI.create("string:///" + s.getKey().replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.getValue();
                }
            });
        }
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", apiClassPath() + java.io.File.pathSeparator
                    + codeSource(Architecture.class), "--release", "25");
            boolean ok = compiler.getTask(diagnostics, files, null, options, null, units).call();
            assertTrue(ok, "test plugin did not compile:\n" + diagnostics);
        }
    }

    /** Where the api classes the tests run with live (a jar or a classes folder). */
    static String apiClassPath() {
        return codeSource(Provider.class);
    }

    /** Where {@code type}'s classes live (a jar or a classes folder): native's for an architecture plugin. */
    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Source of an algorithm named {@code name}; {@code extra} is inserted into the class body. */
    public static String algorithm(String className, String name, String extra) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "import dev.repbench.api.*;\n"
                + "import dev.repbench.api.pretrain.*;\n"
                + "public final class " + className.substring(dot + 1) + " implements PretrainingAlgorithm {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"test algorithm " + name + "\"; }\n"
                + "  public AlgorithmConfig defaultConfig() { return AlgorithmConfig.empty(); }\n"
                + "  public TrainedEncoder pretrain(PretrainingContext c) { throw new UnsupportedOperationException(\"test fixture\"); }\n"
                + extra + "\n}\n";
    }

    /** Source of a task named {@code name} with the given category and head constants. */
    public static String task(String className, String name, String category, String head) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "import dev.repbench.api.*;\n"
                + "import dev.repbench.api.data.*;\n"
                + "import dev.repbench.api.task.*;\n"
                + "public final class " + className.substring(dot + 1) + " implements EndTask {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"test task\"; }\n"
                + "  public TaskCategory category() { return TaskCategory." + category + "; }\n"
                + "  public HeadKind head() { return HeadKind." + head + "; }\n"
                + "  public Metric metric() { return Metric.TOP1; }\n"
                + "  public OutputSpec output() { return new OutputSpec.ClassScores(10); }\n"
                + "  public int defaultEpochs() { return 100; }\n"
                + "  public ImageSize inputSize() { return ImageSize.square(32); }\n"
                + "  public TaskDataset open(TaskContext c) { throw new UnsupportedOperationException(\"test fixture\"); }\n"
                + "}\n";
    }
}
