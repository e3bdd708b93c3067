package dev.repbench.runtime.cli;

import dev.repbench.runtime.plugin.PluginSource;
import dev.repbench.runtime.plugin.PluginProblem;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.LoadedProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.EndTask;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.SpiVersion;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.train.TestPretrainingContext;
import dev.repbench.runtime.cli.Main;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.InputResolution;
import dev.repbench.runtime.eval.ProtocolConfig;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.tasks.battery.GarmentClassification;
import dev.repbench.tasks.metrics.MetricMode;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The example third-party plugin ({@code examples/plugin-byol}) used as its README tells a researcher to: built by its
 * own Maven build, the jar copied into a plugins folder, found by the registry, pretrained briefly, exported to ONNX
 * and evaluated on a battery task.
 */
class ExamplePluginTest {
    private static final ClassLoader TEST_LOADER = ExamplePluginTest.class.getClassLoader();
    private static final String ALGORITHM = "byol";

    @TempDir
    static Path shared;
    private static Path builtJar;

    @TempDir
    Path temp;

    @BeforeAll
    static void buildTheExample() throws IOException, InterruptedException {
        Torch.setNumThreads(2);
        long started = System.nanoTime();
        builtJar = ExamplePluginBuild.buildJar(shared.resolve("maven.log"));
        System.out.printf("byol: example built with Maven in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** A plugins folder holding {@code jar} under {@code name}, as a user drops it there. */
    private Path pluginsFolderWith(Path jar, String name) throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Files.copy(jar, plugins.resolve(name));
        return plugins;
    }

    private static List<PluginProblem> problemsOf(PluginRegistry registry, Path jar) {
        return registry.problems().stream().filter(p -> p.source().equals(new PluginSource.Jar(jar))).toList();
    }

    @Test
    void theJarDeclaresItsSpiVersionAndRegistersItsAlgorithm() throws IOException {
        try (JarFile jar = new JarFile(builtJar.toFile())) {
            assertEquals(SpiVersion.CURRENT.toString(), jar.getManifest().getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE));
            var services = jar.getJarEntry("META-INF/services/" + PretrainingAlgorithm.class.getName());
            assertNotNull(services, "the jar registers a PretrainingAlgorithm");
            String providers = new String(jar.getInputStream(services).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(providers.lines().anyMatch(l -> l.strip().equals("org.example.byol.ByolAlgorithm")), providers);
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("dev/repbench/")),
                    "RepBench's own classes are provided at run time, not bundled");
        }
    }

    @Test
    void droppedIntoThePluginsFolderItIsListedWithTheJarAsItsSource() throws IOException {
        Path plugins = pluginsFolderWith(builtJar, "byol.jar");
        try (PluginRegistry registry = PluginRegistry.load(TEST_LOADER, plugins)) {
            Path jar = plugins.resolve("byol.jar");
            assertEquals(List.of(), problemsOf(registry, jar));
            LoadedProvider<PretrainingAlgorithm> byol = registry.algorithm(ALGORITHM).orElseThrow(
                    () -> new AssertionError("byol is not listed; problems: " + registry.problems()));
            assertEquals(new PluginSource.Jar(jar), byol.source());
            assertEquals(SpiVersion.CURRENT, byol.spiVersion());
            assertNotSame(TEST_LOADER, byol.provider().getClass().getClassLoader(), "loaded by the jar's own loader");
            assertEquals(0.996, byol.provider().defaultConfig().getDouble("target-momentum-base"));
        }
    }

    @Test
    void itPretrainsAndItsEncoderIsExportedAndEvaluatedOnABatteryTask() throws IOException {
        Path plugins = pluginsFolderWith(builtJar, "byol.jar");
        Path encoderFolder = temp.resolve("encoder");
        long started = System.nanoTime();
        try (PluginRegistry registry = PluginRegistry.load(TEST_LOADER, plugins)) {
            PretrainingAlgorithm byol = registry.algorithm(ALGORITHM).orElseThrow().provider();
            // The runtime's pretrain entry point (PretrainRunner) is not implemented yet: the algorithm is called as it
            // would call it, on 8 images in 2 steps of 4 at side 16, with narrow heads to keep the checkpoint small.
            AlgorithmConfig config = byol.defaultConfig().withOverrides(Map.of("batch-size", 4, "image-side", 16,
                    "loader-workers", 1, "projector-hidden-dim", 256, "predictor-hidden-dim", 256, "projection-dim", 64));
            TestPretrainingContext context = new TestPretrainingContext(fashionMnistUnlabelled(8),
                    Files.createDirectories(temp.resolve("run")));
            context.config = config;
            context.seed = 1;
            context.threads = 2;
            TrainedEncoder trained = byol.pretrain(context);

            assertEquals(temp.resolve("run").resolve("encoder.pt"), trained.checkpoint());
            assertTrue(Files.size(trained.checkpoint()) > 1_000_000, "a resnet18-small state dict");
            assertEquals("2", trained.provenance().get("steps"), trained.provenance().toString());
            double loss = Double.parseDouble(trained.provenance().get("last-step-loss"));
            assertTrue(loss >= 0 && loss <= 8, "BYOL's symmetrised loss lies in [0, 8], got " + loss);
            assertEquals(1, context.checkpoints.size(), "one checkpoint, at the end: " + context.checkpoints);

            export(trained.checkpoint(), encoderFolder);
        }
        System.out.printf("byol: pretrained and exported in %.1f s%n", (System.nanoTime() - started) / 1e9);

        LoadedEncoder encoder = EncoderFiles.read(encoderFolder);
        assertEquals(ALGORITHM, encoder.descriptor().provenance().algorithm());
        EndTask task = new GarmentClassification();
        Evaluator evaluator = new Evaluator(ResultStore.open(temp.resolve("results")),
                FeatureCache.open(temp.resolve("cache")), FeatureExtractor.Settings.defaults(Device.CPU, 2),
                Path.of(FashionMnistSplits.DEBIAN_ROOT)); // the battery draws from Debian's Fashion-MNIST
        ProtocolConfig oneEpoch = new ProtocolConfig(3e-3, 1, 32, 0.0, 0.1, 50, MetricMode.STANDARD, InputResolution.ENCODER);
        ResultRecord record = evaluator.evaluate(encoder, task, oneEpoch, 1).record();
        System.out.printf("byol on %s: top-1 %.3f after 1 epoch (%.1f s)%n", task.name(), record.testAtBestValidation(),
                record.wallSeconds());

        assertEquals(GarmentClassification.NAME, record.task());
        assertEquals(FeatureExtractor.encoderSha256(encoder), record.encoderSha256());
        assertEquals(new ResultRecord.SplitSizes(2700, 300, 1000), record.splits());
        assertEquals(List.of(record.testAtBestValidation()), record.testCurve(), "one epoch, so it is the best");
        assertTrue(record.testAtBestValidation() >= 0 && record.testAtBestValidation() <= 1, record.toString());
        assertEquals(record, ResultStore.open(temp.resolve("results")).read(record.key()).orElseThrow(),
                "the record was stored");
    }

    /** The first few Fashion-MNIST training images, labels dropped: what a self-supervised pretraining is handed. */
    private static SampleSource fashionMnistUnlabelled(int count) {
        SampleSource train = FashionMnistSplits.open(Path.of(FashionMnistSplits.DEBIAN_ROOT)).split(Split.TRAIN);
        List<Sample> unlabelled = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            unlabelled.add(Sample.of(train.get(i).image(), Unlabelled.INSTANCE));
        }
        return SampleSource.of(unlabelled);
    }

    /** {@code repbench export} in-process, as a user would run it on the pretrained checkpoint. */
    private static void export(Path checkpoint, Path out) {
        CommandLine cli = Main.commandLine();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        int exit = cli.execute("--threads", "2", "export", "--arch", "resnet18-small", "--checkpoint", checkpoint.toString(),
                "--input-size", "16,16", "--algorithm", ALGORITHM, "--dataset", "fashion-mnist", "--epochs", "1",
                "--seed", "1", "--out", out.toString());
        assertEquals(0, exit, stderr.toString());
        assertTrue(stdout.toString().contains("Exported resnet18-small"), stdout.toString());
    }

    @Test
    void aCopyDeclaringSpi2IsRefusedNamingBothVersions() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path future = ExamplePluginBuild.withSpiVersion(builtJar, "2.0", plugins.resolve("byol-spi2.jar"));
        try (PluginRegistry registry = PluginRegistry.load(TEST_LOADER, plugins)) {
            assertTrue(registry.algorithm(ALGORITHM).isEmpty(), "refused: " + registry.algorithms());
            List<PluginProblem> problems = problemsOf(registry, future);
            assertEquals(1, problems.size(), registry.problems().toString());
            String message = problems.getFirst().message();
            assertTrue(message.startsWith(future.toString()), message);
            assertTrue(message.contains("SPI 2.0") && message.contains("SPI " + SpiVersion.CURRENT)
                    && message.contains("repbench-api " + SpiVersion.CURRENT.family()), message);
        }
    }
}
