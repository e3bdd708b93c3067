package dev.repbench.torch.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.Sequential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The structure of exported graphs; numerical parity with ONNX Runtime is tested in the runtime module. */
class OnnxExporterTest {

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void aResNetHasTheEncoderInputAndOutputsWithSymbolicSizes() {
        try (ResNet net = ResNet.resnet18().eval()) {
            ModelProto model = new OnnxExporter().export(net);
            assertEquals(OnnxGraph.OPSET, model.getOpsetImport(0).getVersion());
            assertEquals(1, model.getGraph().getInputCount());
            assertEquals(List.of("N", "3", "H", "W"), shape(model.getGraph().getInput(0)));
            assertEquals(OnnxExporter.INPUT, model.getGraph().getInput(0).getName());
            Map<String, List<String>> outputs = model.getGraph().getOutputList().stream()
                    .collect(Collectors.toMap(ValueInfoProto::getName, OnnxExporterTest::shape));
            assertEquals(Map.of(
                    "block1", List.of("N", "64", "H/2", "W/2"),
                    "block2", List.of("N", "64", "H/4", "W/4"),
                    "block3", List.of("N", "128", "H/8", "W/8"),
                    "block4", List.of("N", "256", "H/16", "W/16"),
                    "block5", List.of("N", "512", "H/32", "W/32"),
                    "embedding", List.of("N", "512")), outputs);
            Set<String> ops = model.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet());
            assertEquals(Set.of("Conv", "BatchNormalization", "Relu", "MaxPool", "Add", "GlobalAveragePool", "Flatten",
                    "Identity"), ops);
        }
    }

    @Test
    void initializersAreTheStateDictEntriesTheGraphUses() {
        try (ResNet net = ResNet.resnet50().eval(); Scope s = Scope.open()) {
            ModelProto model = new OnnxExporter().export(net);
            List<String> expected = net.stateDict().keySet().stream()
                    .filter(name -> !name.endsWith("num_batches_tracked")).toList();
            List<String> names = model.getGraph().getInitializerList().stream().map(TensorProto::getName).toList();
            assertEquals(expected, names);
            TensorProto conv1 = model.getGraph().getInitializer(0);
            assertEquals(List.of(64L, 3L, 7L, 7L), conv1.getDimsList());
            float[] stored = new float[64 * 3 * 7 * 7];
            conv1.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(stored);
            assertArrayEquals(net.stateDict().get("conv1.weight").toFloatArray(), stored);
        }
    }

    @Test
    void convolutionAndPoolingAttributesFollowTheModules() {
        try (ResNet net = ResNet.resnet18().eval(); ResNet small = ResNet.resnet18Small().eval()) {
            ModelProto model = new OnnxExporter().export(net);
            NodeProto stem = node(model, "Conv", "conv1.weight");
            assertEquals(List.of(7L, 7L), ints(stem, "kernel_shape"));
            assertEquals(List.of(2L, 2L), ints(stem, "strides"));
            assertEquals(List.of(3L, 3L, 3L, 3L), ints(stem, "pads"));
            NodeProto projection = node(model, "Conv", "layer2.0.downsample.0.weight");
            assertEquals(List.of(1L, 1L), ints(projection, "kernel_shape"));
            assertEquals(List.of(0L, 0L, 0L, 0L), ints(projection, "pads"));
            NodeProto pool = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("MaxPool")).findFirst().orElseThrow();
            assertEquals(List.of(3L, 3L), ints(pool, "kernel_shape"));
            assertEquals(List.of(1L, 1L, 1L, 1L), ints(pool, "pads"));
            NodeProto bn = node(model, "BatchNormalization", "bn1.weight");
            assertEquals(1e-5f, attribute(bn, "epsilon").getF());

            ModelProto smallModel = new OnnxExporter().export(small);
            assertTrue(smallModel.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("MaxPool")));
            assertEquals(List.of("N", "64", "H", "W"), shape(smallModel.getGraph().getOutput(0)));
        }
    }

    @Test
    void logitsAreExportedOnlyWhenAskedAndPresent() {
        try (ResNet classifier = ResNet.resnet18(10).eval(); ResNet encoder = ResNet.resnet18().eval()) {
            ModelProto withLogits = new OnnxExporter().export(classifier, ExportOptions.defaults().withLogits(true));
            ValueInfoProto logits = withLogits.getGraph().getOutputList().stream()
                    .filter(o -> o.getName().equals(OnnxExporter.LOGITS)).findFirst().orElseThrow();
            assertEquals(List.of("N", "10"), shape(logits));
            assertEquals(1, attribute(node(withLogits, "Gemm", "fc.weight"), "transB").getI());

            ModelProto withoutLogits = new OnnxExporter().export(classifier);
            assertTrue(withoutLogits.getGraph().getOutputList().stream().noneMatch(o -> o.getName().equals(OnnxExporter.LOGITS)));
            assertTrue(withoutLogits.getGraph().getInitializerList().stream().noneMatch(t -> t.getName().startsWith("fc.")));

            OnnxExportException e = assertThrows(OnnxExportException.class,
                    () -> new OnnxExporter().export(encoder, ExportOptions.defaults().withLogits(true)));
            assertTrue(e.getMessage().contains("no classifier"), e.getMessage());
        }
    }

    @Test
    void aModelInTrainingModeIsRefused() {
        try (ResNet net = ResNet.resnet18Small()) {
            OnnxExportException e = assertThrows(OnnxExportException.class, () -> new OnnxExporter().export(net));
            assertTrue(e.getMessage().contains("training mode") && e.getMessage().contains("eval()"), e.getMessage());
            net.eval();
            ((Layer) net.children().get("layer3")).train(true);
            e = assertThrows(OnnxExportException.class, () -> new OnnxExporter().export(net));
            assertTrue(e.getMessage().contains("'layer3'"), e.getMessage());
        }
    }

    /** A layer RepBench knows nothing about. */
    static final class Square extends Layer {
        @Override
        public Tensor forward(Tensor input) {
            return input.mul(input);
        }
    }

    /** A third party's layer that exports itself. */
    static final class SelfExportingSquare extends Layer implements OnnxExportable {
        @Override
        public Tensor forward(Tensor input) {
            return input.mul(input);
        }

        @Override
        public String exportOnnx(String input, ExportContext context) {
            return context.node("Mul", List.of(input, input), "square");
        }
    }

    /** The provenance a model carries is in the caller's order, so the same export gives the same bytes in every JVM. */
    @Test
    void metadataKeepsTheOrderGivenAndTheBytesFollowIt() {
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        for (String key : List.of("repbench.architecture", "repbench.algorithm", "repbench.a", "repbench.b", "repbench.c",
                "repbench.d", "repbench.e")) {
            metadata.put(key, key.toUpperCase(java.util.Locale.ROOT));
        }
        try (Linear linear = new Linear(3, 2)) {
            linear.eval();
            ExportOptions options = ExportOptions.defaults().withMetadata(metadata);
            assertEquals(List.copyOf(metadata.keySet()), List.copyOf(options.metadata().keySet()));
            ModelProto model = new OnnxExporter().export(linear, options);
            assertEquals(List.copyOf(metadata.keySet()), model.getMetadataPropsList().stream()
                    .map(ai.onnx.proto.OnnxMl.StringStringEntryProto::getKey).toList());
            assertArrayEquals(model.toByteArray(), new OnnxExporter().export(linear, options).toByteArray());
        }
        assertThrows(NullPointerException.class, () -> ExportOptions.defaults().withMetadata(java.util.Collections.singletonMap("k", null)));
    }

    @Test
    void aModuleWithoutExporterFailsNamingItsClassAndPath() {
        try (Sequential model = new Sequential(new Conv2d(3, 4, 3, 1, 1, true), new Square())) {
            model.eval();
            OnnxExportException e = assertThrows(OnnxExportException.class, () -> new OnnxExporter().export(model));
            assertTrue(e.getMessage().contains(Square.class.getName()) && e.getMessage().contains("at '1'"), e.getMessage());
        }
    }

    @Test
    void thirdPartyModulesExportThroughEitherDoor() {
        try (Sequential registered = new Sequential(new Conv2d(3, 4, 3, 1, 1, true), new Square());
             Sequential selfExporting = new Sequential(new Linear(3, 2), new SelfExportingSquare())) {
            registered.eval();
            selfExporting.eval();
            ModuleExporters exporters = ModuleExporters.builtIn()
                    .with(Square.class, (square, input, ctx) -> ctx.node("Mul", List.of(input, input), "square"));
            ModelProto viaRegistry = new OnnxExporter(exporters).export(registered);
            assertEquals(List.of("Conv", "Mul", "Identity"), opTypes(viaRegistry));
            assertEquals(List.of("0.weight", "0.bias"),
                    viaRegistry.getGraph().getInitializerList().stream().map(TensorProto::getName).toList());
            assertEquals(OnnxExporter.OUTPUT, viaRegistry.getGraph().getOutput(0).getName());

            ModelProto viaInterface = new OnnxExporter().export(selfExporting);
            assertEquals(List.of("Gemm", "Mul", "Identity"), opTypes(viaInterface));
        }
    }

    private static List<String> opTypes(ModelProto model) {
        return model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }

    private static List<String> shape(ValueInfoProto value) {
        return value.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).toList();
    }

    private static NodeProto node(ModelProto model, String opType, String initializer) {
        return model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals(opType) && n.getInputList().contains(initializer))
                .findFirst().orElseThrow(() -> new AssertionError("no " + opType + " reading " + initializer));
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(node.getName() + " has no attribute " + name));
    }

    private static List<Long> ints(NodeProto node, String name) {
        return attribute(node, name).getIntsList();
    }
}
