package dev.repbench.torch.nn.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.ReferencePython;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.onnx.OnnxExporter;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The registry: the built-ins and their layouts against torchvision, lookups, and an architecture a plugin jar
 * registers through {@code META-INF/services}.
 */
class ArchitectureRegistryTest {
    private static final List<String> BUILT_IN = List.of("resnet18", "resnet18-small", "resnet50");

    @Test
    void theBuiltInsAreTheThreeResNetsAndAreInstalledByDefault() {
        ArchitectureRegistry builtIn = ArchitectureRegistry.builtIn();
        assertEquals(BUILT_IN, builtIn.names());
        assertEquals(List.of("resnet18", "resnet50", "resnet18-small"),
                builtIn.architectures().stream().map(Architecture::name).toList(), "in native's service file order");
        assertTrue(ArchitectureRegistry.installed().names().containsAll(BUILT_IN));
        for (Architecture a : builtIn.architectures()) {
            assertFalse(a.description().isBlank());
            assertEquals(dev.repbench.api.SpiVersion.CURRENT, a.spiVersion());
        }
    }

    /** The spec validator and listings read layouts before (or without) any training: no libtorch for that. */
    @Test
    void layoutsAreReadWithoutLoadingLibtorch() throws IOException, InterruptedException {
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(launcher.toString(), "-cp", System.getProperty("java.class.path"),
                LayoutsWithoutTorch.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("blocks 15"), output);
        assertTrue(output.contains("libtorch mapped false"), output);
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureRegistry.builtIn().get("resnet34"));
        assertEquals("unknown architecture 'resnet34'; known: resnet18, resnet18-small, resnet50", e.getMessage());
        assertTrue(ArchitectureRegistry.builtIn().find("resnet34").isEmpty());
        assertFalse(ArchitectureRegistry.builtIn().contains("resnet34"));
    }

    /** The layouts against torchvision's networks, measured by src/test/python/make_architecture_layouts.py. */
    @Test
    void theBuiltInLayoutsAreTorchvisions() throws IOException, InterruptedException {
        JsonNode golden = new ObjectMapper().readTree(ReferencePython.generatedFolder("make_architecture_layouts.py",
                "architecture-layouts", "LAYOUTS_COMPLETE", "1", 300).resolve("layouts.json").toFile());
        assertEquals(BUILT_IN, iterable(golden.fieldNames()).stream().sorted().toList());
        for (String name : BUILT_IN) {
            JsonNode expected = golden.get(name);
            ArchitectureLayout layout = ArchitectureRegistry.builtIn().get(name).layout();
            assertEquals(expected.get("input_side").asInt(), layout.defaultInputSide(), name);
            assertEquals(expected.get("embedding_dim").asLong(), layout.embeddingDim(), name);
            List<ArchitectureLayout.Block> blocks = new ArrayList<>();
            expected.get("blocks").forEach(b -> blocks.add(new ArchitectureLayout.Block(b.get("channels").asLong(),
                    b.get("stride").asLong())));
            assertEquals(blocks, layout.blocks(), name);
        }
    }

    @Test
    void aBuiltNetworkHasItsLayoutsShapes() {
        for (Architecture architecture : ArchitectureRegistry.builtIn().architectures()) {
            checkShapes(architecture, 64);
        }
    }

    /** What pretraining relies on for bit-identical weights: the registry builds exactly what the factory builds. */
    @Test
    void aRegisteredResNetIsItsFactorysNetworkDrawnFromTheSameSeed() {
        Map<String, Supplier<ResNet>> factories = Map.of("resnet18", ResNet::resnet18, "resnet18-small", ResNet::resnet18Small);
        factories.forEach((name, factory) -> {
            Torch.manualSeed(11);
            try (ResNet direct = factory.get()) {
                Torch.manualSeed(11);
                try (Backbone registered = ArchitectureRegistry.builtIn().get(name).build()) {
                    ResNet net = assertInstanceOf(ResNet.class, registered);
                    assertEquals(name, net.architecture());
                    assertEquals(0, net.numClasses());
                    assertStateEquals(direct, net);
                    ModelProto a = new OnnxExporter().export(direct.eval());
                    ModelProto b = new OnnxExporter().export(net.eval());
                    assertArrayEquals(a.toByteArray(), b.toByteArray(), name + ": the same ONNX bytes");
                }
            }
        });
        try (Backbone withClassifier = ArchitectureRegistry.builtIn().get("resnet18").build(10)) {
            assertEquals(10, ((ResNet) withClassifier).numClasses());
        }
    }

    @Test
    void aPluginsArchitectureIsFoundThroughItsServiceEntry() throws IOException {
        assertFalse(ArchitectureRegistry.builtIn().contains(TinyArchitecture.NAME), "not on the class path's root");
        try (URLClassLoader plugin = pluginLoader()) {
            ArchitectureRegistry registry = ArchitectureRegistry.discover(ArchitectureRegistry.class.getClassLoader(), plugin);
            assertEquals(List.of("resnet18", "resnet18-small", "resnet50", "tiny-test"), registry.names(),
                    "the built-ins once, though the plugin's loader sees them too");
            Architecture tiny = registry.get(TinyArchitecture.NAME);
            checkShapes(tiny, 16);
            try (Backbone net = tiny.build(); Scope s = Scope.open()) {
                ModelProto model = new OnnxExporter().export(net.eval());
                assertEquals(List.of("block1", "embedding"), model.getGraph().getOutputList().stream()
                        .map(ValueInfoProto::getName).sorted().toList());
                assertEquals(TinyArchitecture.NAME, model.getGraph().getName());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny.build(3));
            assertTrue(e.getMessage().contains("no classifier"), e.getMessage());
        }
    }

    @Test
    void installingMakesAPluginsArchitectureTheProcesssToo() throws IOException {
        try (URLClassLoader plugin = pluginLoader()) {
            ArchitectureRegistry withPlugin = ArchitectureRegistry.discover(ArchitectureRegistry.class.getClassLoader(), plugin);
            ArchitectureRegistry.install(withPlugin);
            try {
                assertSame(withPlugin, ArchitectureRegistry.installed());
                assertTrue(ArchitectureRegistry.installed().contains(TinyArchitecture.NAME));
            } finally {
                ArchitectureRegistry.install(ArchitectureRegistry.builtIn());
            }
            assertFalse(ArchitectureRegistry.installed().contains(TinyArchitecture.NAME));
        }
    }

    @Test
    void aNameTakenTwiceOrInvalidIsRefusedNamingTheClasses() {
        List<Architecture> builtIn = ArchitectureRegistry.builtIn().architectures();
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureRegistry.builtIn().with(List.of(new ResNet50Architecture())));
        assertEquals("architecture 'resnet50' is registered twice, by dev.repbench.torch.nn.arch.ResNet50Architecture and"
                + " dev.repbench.torch.nn.arch.ResNet50Architecture; rename one", twice.getMessage());
        Architecture badName = new TinyArchitecture() {
            @Override
            public String name() {
                return "Tiny Test";
            }
        };
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureRegistry.of(List.of(builtIn.getFirst(), badName)));
        assertTrue(invalid.getMessage().contains("'Tiny Test', not a valid id"), invalid.getMessage());
    }

    @Test
    void aLayoutRefusesWhatNoNetworkHas() {
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureLayout(0, List.of(new ArchitectureLayout.Block(8, 1)), 8));
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureLayout(32, List.of(), 8));
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureLayout.Block(8, 0));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureLayout.blocks(new long[] {8, 16}, new long[] {1}));
    }

    /** Blocks {@code [1, C, ⌈side/s⌉, ⌈side/s⌉]} and embedding {@code [1, D]} of a freshly built, eval-mode network. */
    private static void checkShapes(Architecture architecture, int side) {
        ArchitectureLayout layout = architecture.layout();
        Torch.manualSeed(1);
        try (Backbone net = architecture.build(); Scope s = Scope.open()) {
            net.eval();
            assertEquals(architecture.name(), net.architecture());
            assertEquals(layout.embeddingDim(), net.embeddingDim());
            Tensor images = Tensor.randn(1, 3, side, side);
            List<Tensor> blocks = net.forwardBlocks(images);
            assertEquals(layout.blocks().size(), blocks.size(), architecture.name());
            for (int k = 0; k < blocks.size(); k++) {
                ArchitectureLayout.Block block = layout.blocks().get(k);
                long size = (side + block.stride() - 1) / block.stride();
                assertArrayEquals(new long[] {1, block.channels(), size, size}, blocks.get(k).shape(),
                        architecture.name() + " " + ArchitectureLayout.blockName(k + 1));
            }
            assertArrayEquals(new long[] {1, layout.embeddingDim()}, net.forwardEmbedding(images).shape());
        }
    }

    private static void assertStateEquals(ResNet expected, ResNet actual) {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> a = expected.stateDict();
            Map<String, Tensor> b = actual.stateDict();
            assertEquals(a.keySet(), b.keySet());
            a.forEach((key, value) -> assertTrue(value.allClose(b.get(key), 0, 0), key));
        }
    }

    /** A class loader like a plugin jar's: the test's own classes, plus a {@code META-INF/services} of its own. */
    private static URLClassLoader pluginLoader() {
        URL folder = ArchitectureRegistryTest.class.getClassLoader().getResource("third-party-architecture/");
        return new URLClassLoader(new URL[] {folder}, ArchitectureRegistryTest.class.getClassLoader());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
