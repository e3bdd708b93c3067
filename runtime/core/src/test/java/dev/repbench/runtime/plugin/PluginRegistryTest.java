package dev.repbench.runtime.plugin;

import dev.repbench.torch.nn.arch.Architecture;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.EndTask;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.SpiVersion;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    private static final ClassLoader APP = PluginRegistryTest.class.getClassLoader();

    @TempDir
    Path temp;

    private Path plugins() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    private Path goodJar(Path dir, String jarName, String algorithmName) throws IOException {
        String cls = "good." + jarName.replaceAll("\\W", "_") + ".Algo";
        return new TestJar().source(cls, TestJar.algorithm(cls, algorithmName, ""))
                .service(PretrainingAlgorithm.class, cls).writeTo(dir.resolve(jarName));
    }

    /** The algorithms from plugin jars: the test class path may hold built-in ones (e.g. a test fixture). */
    private static List<LoadedProvider<PretrainingAlgorithm>> fromJars(PluginRegistry r) {
        return r.algorithms().stream().filter(a -> a.source() != PluginSource.BUILT_IN).toList();
    }

    private static String onlyProblem(PluginRegistry r) {
        assertEquals(1, r.problems().size(), r.problems().toString());
        return r.problems().getFirst().message();
    }

    @Test
    void aGoodJarsAlgorithmIsListedWithTheJarAsSource() throws IOException {
        Path jar = goodJar(plugins(), "moco.jar", "moco-test");
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(List.of(), r.problems());
            assertEquals(1, fromJars(r).size());
            LoadedProvider<PretrainingAlgorithm> a = r.algorithm("moco-test").orElseThrow();
            assertEquals(new PluginSource.Jar(jar), a.source());
            assertEquals(SpiVersion.of(1, 0), a.spiVersion());
            assertEquals("test algorithm moco-test", a.provider().description());
            assertTrue(a.provider().getClass().getClassLoader() instanceof URLClassLoader, "loaded from its own loader");
        }
    }

    @Test
    void aJarsArchitectureIsKnownByNameWhileTheRegistryIsOpen() throws IOException {
        String cls = "arch.plugin.Tiny";
        String code = """
                package arch.plugin;
                import dev.repbench.torch.nn.Backbone;
                import dev.repbench.torch.nn.arch.Architecture;
                import dev.repbench.torch.nn.arch.ArchitectureLayout;
                public final class Tiny implements Architecture {
                  public String name() { return "tiny-test"; }
                  public String description() { return "a third party's encoder"; }
                  public ArchitectureLayout layout() {
                    return new ArchitectureLayout(16, ArchitectureLayout.blocks(new long[] {8, 16}, new long[] {2, 4}), 16);
                  }
                  public Backbone build(long classes) { throw new UnsupportedOperationException("layout only"); }
                }
                """;
        Path jar = new TestJar().source(cls, code).service(Architecture.class, cls).writeTo(plugins().resolve("arch.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(List.of(), r.problems());
            LoadedProvider<Architecture> found = r.architectures().stream().filter(a -> a.name().equals("tiny-test"))
                    .findFirst().orElseThrow();
            assertEquals(new PluginSource.Jar(jar), found.source());
            assertTrue(r.architectures().stream().anyMatch(a -> a.name().equals("resnet18-small")
                    && a.source() == PluginSource.BUILT_IN), r.architectures().toString());
            assertEquals(16, ArchitectureRegistry.installed().get("tiny-test").layout().defaultInputSide());
        }
        assertFalse(ArchitectureRegistry.installed().contains("tiny-test"), "closing the registry drops the jar's architecture");
        assertTrue(ArchitectureRegistry.installed().contains("resnet18-small"));
    }

    @Test
    void aJarBuiltForAnotherMajorIsRefusedNamingBothVersions() throws IOException {
        String cls = "future.Algo";
        new TestJar().spi("2.0").source(cls, TestJar.algorithm(cls, "future", ""))
                .service(PretrainingAlgorithm.class, cls).writeTo(plugins().resolve("future.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(List.of(), fromJars(r));
            String message = onlyProblem(r);
            assertTrue(message.startsWith(plugins().resolve("future.jar").toString()), message);
            assertTrue(message.contains("SPI 2.0") && message.contains("SPI " + SpiVersion.CURRENT)
                    && message.contains("repbench-api 1.x"), message);
        }
    }

    @Test
    void aPluginBuiltForAnOlderMajorIsRefusedByANewerHost() throws IOException {
        goodJar(plugins(), "old.jar", "old");
        try (PluginRegistry r = PluginRegistry.load(APP, plugins(), SpiVersion.of(2, 1))) {
            assertEquals(List.of(), fromJars(r));
            // Under this pretend 2.1 host the built-in tasks (SPI 1.0) are refused too; the jar's refusal is the one to check.
            List<PluginProblem> fromJars = r.problems().stream().filter(p -> p.source() != PluginSource.BUILT_IN).toList();
            assertEquals(1, fromJars.size(), fromJars.toString());
            String message = fromJars.getFirst().message();
            assertTrue(message.contains("SPI 1.0") && message.contains("SPI 2.1"), message);
        }
    }

    @Test
    void aNewerMinorLoadsWithAWarning() throws IOException {
        String cls = "newer.Algo";
        new TestJar().spi("1.7").source(cls, TestJar.algorithm(cls, "newer", ""))
                .service(PretrainingAlgorithm.class, cls).writeTo(plugins().resolve("newer.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertTrue(r.algorithm("newer").isPresent());
            assertEquals(SpiVersion.of(1, 7), r.algorithm("newer").orElseThrow().spiVersion());
            assertTrue(onlyProblem(r).contains("1.7, newer than this RepBench's " + SpiVersion.CURRENT));
        }
    }

    @Test
    void aProviderReportingAnotherMajorIsRefusedEvenIfTheManifestMatches() throws IOException {
        String cls = "liar.Algo";
        new TestJar().source(cls, TestJar.algorithm(cls, "liar",
                        "public SpiVersion spiVersion() { return SpiVersion.of(2, 0); }"))
                .service(PretrainingAlgorithm.class, cls).writeTo(plugins().resolve("liar.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(List.of(), fromJars(r));
            String message = onlyProblem(r);
            assertTrue(message.contains("liar.Algo") && message.contains("SPI 2.0") && message.contains("SPI " + SpiVersion.CURRENT), message);
        }
    }

    @Test
    void aJarWithoutTheManifestAttributeIsRefusedNamingTheAttribute() throws IOException {
        String cls = "bare.Algo";
        new TestJar().spi(null).source(cls, TestJar.algorithm(cls, "bare", ""))
                .service(PretrainingAlgorithm.class, cls).writeTo(plugins().resolve("bare.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(List.of(), fromJars(r));
            String message = onlyProblem(r);
            assertTrue(message.contains("bare.jar") && message.contains("no RepBench-SPI-Version")
                    && message.contains("'RepBench-SPI-Version: " + SpiVersion.CURRENT + "'"), message);
        }
    }

    @Test
    void aMalformedDeclaredVersionIsRefused() throws IOException {
        String cls = "typo.Algo";
        new TestJar().spi("one").source(cls, TestJar.algorithm(cls, "typo", ""))
                .service(PretrainingAlgorithm.class, cls).writeTo(plugins().resolve("typo.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertTrue(onlyProblem(r).contains("'one', which is not a version"));
        }
    }

    @Test
    void aCorruptJarIsReportedAndTheGoodJarStillLoads() throws IOException {
        byte[] noise = new byte[2048];
        new Random(42).nextBytes(noise);
        Path corrupt = Files.write(plugins().resolve("x.jar"), noise);
        goodJar(plugins(), "y.jar", "survivor");
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertTrue(r.algorithm("survivor").isPresent());
            String message = onlyProblem(r);
            assertTrue(message.startsWith(corrupt + " cannot be read as a jar ("), message);
            assertEquals(new PluginSource.Jar(corrupt), r.problems().getFirst().source());
        }
    }

    @Test
    void aServiceEntryNamingAMissingClassRefusesThatJarOnly() throws IOException {
        new TestJar().service(PretrainingAlgorithm.class, "ghost.NoSuchAlgo").writeTo(plugins().resolve("ghost.jar"));
        goodJar(plugins(), "real.jar", "real");
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertTrue(r.algorithm("real").isPresent());
            String message = onlyProblem(r);
            assertTrue(message.contains("ghost.jar failed to load") && message.contains("ServiceConfigurationError")
                    && message.contains("ghost.NoSuchAlgo"), message);
        }
    }

    @Test
    void aProviderWhoseDependencyIsMissingRefusesItsWholeJar() throws IOException {
        String helper = "partial.Helper";
        String cls = "partial.Algo";
        String other = "partial.Fine";
        new TestJar()
                .source(helper, "package partial; public final class Helper { public static String id() { return \"x\"; } }")
                .source(cls, TestJar.algorithm(cls, "partial", "private final String id = Helper.id();"))
                .source(other, TestJar.algorithm(other, "partial-fine", ""))
                .service(PretrainingAlgorithm.class, other)
                .service(PretrainingAlgorithm.class, cls)
                .omit(helper)
                .writeTo(plugins().resolve("partial.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(List.of(), fromJars(r), "all or nothing per jar");
            String message = onlyProblem(r);
            assertTrue(message.contains("partial.jar") && message.contains("NoClassDefFoundError")
                    && message.contains("partial/Helper") && message.contains("bundle the plugin's dependencies"), message);
        }
    }

    @Test
    void duplicateNamesAcrossJarsKeepTheFirstAndNameBothSources() throws IOException {
        Path first = goodJar(plugins(), "a.jar", "same");
        Path second = goodJar(plugins(), "b.jar", "same");
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(new PluginSource.Jar(first), r.algorithm("same").orElseThrow().source());
            String message = onlyProblem(r);
            assertTrue(message.contains("'same' from " + second) && message.contains("taken by the one from " + first),
                    message);
        }
    }

    @Test
    void aPluginCannotShadowABuiltIn() throws IOException {
        // Not a real algorithm's name: the class path may hold the real built-ins (moco-v2, swav, …).
        Path builtInJar = goodJar(temp, "builtin.jar", "shadowed-algo");
        goodJar(plugins(), "shadow.jar", "shadowed-algo");
        try (URLClassLoader app = new URLClassLoader(new java.net.URL[] {builtInJar.toUri().toURL()}, APP);
             PluginRegistry r = PluginRegistry.load(app, plugins())) {
            assertEquals(1, r.algorithms().stream().filter(a -> a.name().equals("shadowed-algo")).count());
            assertEquals(PluginSource.BUILT_IN, r.algorithm("shadowed-algo").orElseThrow().source());
            String message = onlyProblem(r);
            assertTrue(message.contains("shadow.jar") && message.contains("taken by the one from built-in"), message);
        }
    }

    @Test
    void builtInsAreNotAttributedToPluginJars() throws IOException {
        Path builtInJar = goodJar(temp, "builtin.jar", "builtin-algo");
        goodJar(plugins(), "plugin.jar", "plugin-algo");
        try (URLClassLoader app = new URLClassLoader(new java.net.URL[] {builtInJar.toUri().toURL()}, APP);
             PluginRegistry r = PluginRegistry.load(app, plugins())) {
            assertEquals(List.of(), r.problems());
            assertEquals(List.of("builtin-algo", "plugin-algo"), r.algorithms().stream()
                    .filter(a -> a.provider().getClass().getClassLoader() != APP).map(LoadedProvider::name).toList());
            assertEquals(PluginSource.BUILT_IN, r.algorithm("builtin-algo").orElseThrow().source());
        }
    }

    @Test
    void tasksAreCheckedForConsistencyAndInvalidNamesAreRefused() throws IOException {
        String good = "tasks.Good";
        String bad = "tasks.Bad";
        String badName = "tasks.BadName";
        new TestJar()
                .source(good, TestJar.task(good, "toy-cls", "SEMANTIC_IMAGE_LEVEL", "LINEAR"))
                .source(bad, TestJar.task(bad, "bad-head", "SEMANTIC_IMAGE_LEVEL", "UNET"))
                .source(badName, TestJar.task(badName, "Bad Name", "SEMANTIC_IMAGE_LEVEL", "LINEAR"))
                .service(EndTask.class, good).service(EndTask.class, bad).service(EndTask.class, badName)
                .writeTo(plugins().resolve("tasks.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertEquals(List.of("toy-cls"), r.tasks().stream().filter(t -> t.source() != PluginSource.BUILT_IN)
                    .map(LoadedProvider::name).toList());
            assertEquals(2, r.problems().size(), r.problems().toString());
            assertTrue(r.problems().get(0).message().contains("'bad-head'")
                    && r.problems().get(0).message().contains("UNET cannot serve"));
            assertTrue(r.problems().get(1).message().contains("'Bad Name', not a valid id"));
        }
    }

    @Test
    void aJarWithNoProvidersIsSkippedWithAWarning() throws IOException {
        new TestJar().source("lib.Util", "package lib; public class Util {}").writeTo(plugins().resolve("lib.jar"));
        try (PluginRegistry r = PluginRegistry.load(APP, plugins())) {
            assertTrue(onlyProblem(r).contains("lib.jar contains no RepBench provider"));
        }
    }

    @Test
    void aMissingPluginsFolderHoldsNoJars() {
        try (PluginRegistry r = PluginRegistry.load(APP, temp.resolve("absent"))) {
            assertEquals(List.of(), fromJars(r));
            assertEquals(List.of(), r.problems());
        }
    }
}
