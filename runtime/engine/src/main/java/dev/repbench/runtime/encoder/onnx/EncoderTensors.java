package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names of the encoder-file contract's outputs, and the search for the pooled {@code embedding} in a model from
 * elsewhere. The block outputs are found by the rules of {@link dev.repbench.runtime.encoder.pyramid}.
 *
 * <p><b>Embedding.</b> The output of the last GlobalAveragePool (or ReduceMean over axes 2 and 3), followed through
 * Flatten, Reshape or Squeeze: the features before any classifier. Without pooling, the model's one rank-2
 * output, or, when a Gemm computes it (a classifier), that Gemm's input.
 */
public final class EncoderTensors {
    /** The contract's pooled output. */
    public static final String EMBEDDING = "embedding";
    /** The contract's block outputs, stem first. */
    public static final List<String> BLOCKS = List.of("block1", "block2", "block3", "block4", "block5");

    private static final Set<String> RESHAPES = Set.of("Flatten", "Reshape", "Squeeze");

    private EncoderTensors() {}

    /**
     * The pooled features of {@code model}, before any classifier; empty when neither a spatial pooling nor a
     * rank-2 output is found.
     */
    public static Optional<String> embedding(ModelProto model) {
        GraphIndex graph = new GraphIndex(model.getGraph());
        List<NodeProto> nodes = graph.nodes();
        for (int n = nodes.size() - 1; n >= 0; n--) {
            if (isSpatialPooling(graph, nodes.get(n))) {
                String pooled = nodes.get(n).getOutput(0);
                for (List<Integer> readers = graph.consumers(pooled);
                     readers.size() == 1 && RESHAPES.contains(graph.node(readers.getFirst()).getOpType());
                     readers = graph.consumers(pooled)) {
                    pooled = graph.node(readers.getFirst()).getOutput(0);
                }
                return Optional.of(pooled);
            }
        }
        List<ValueInfoProto> rankTwo = model.getGraph().getOutputList().stream()
                .filter(o -> o.getType().getTensorType().getShape().getDimCount() == 2).toList();
        if (rankTwo.size() != 1) {
            return Optional.empty();
        }
        String output = rankTwo.getFirst().getName();
        return Optional.of(graph.producer(output).map(graph::node).filter(p -> p.getOpType().equals("Gemm"))
                .map(p -> p.getInput(0)).orElse(output));
    }

    /** The embedding made where a model has no pooled features: the global average of a feature map. */
    public static final String AVERAGED_EMBEDDING = "repbench/embedding";

    /**
     * {@code model} with {@value #AVERAGED_EMBEDDING} {@code [N, C]}, the global average of {@code map}
     * {@code [N, C, H, W]} (GlobalAveragePool, then Flatten): what a CNN's own pooling computes, for one exported
     * without it.
     */
    public static ModelProto withGlobalAverage(ModelProto model, String map) {
        String averaged = AVERAGED_EMBEDDING + "/averaged";
        return model.toBuilder().setGraph(model.getGraph().toBuilder()
                .addNode(NodeProto.newBuilder().setOpType("GlobalAveragePool").setName(averaged).addInput(map)
                        .addOutput(averaged))
                .addNode(NodeProto.newBuilder().setOpType("Flatten").setName(AVERAGED_EMBEDDING).addInput(averaged)
                        .addOutput(AVERAGED_EMBEDDING)))
                .build();
    }

    /** GlobalAveragePool, or ReduceMean over the two spatial axes (an attribute before opset 18, an input since). */
    private static boolean isSpatialPooling(GraphIndex graph, NodeProto node) {
        if (node.getOpType().equals("GlobalAveragePool")) {
            return true;
        }
        if (!node.getOpType().equals("ReduceMean")) {
            return false;
        }
        List<Long> axes = node.getAttributeList().stream().filter(a -> a.getName().equals("axes"))
                .findFirst().map(AttributeProto::getIntsList).orElse(null);
        if (axes == null && node.getInputCount() > 1) {
            axes = constantInts(graph, node.getInput(1));
        }
        if (axes == null) {
            return false;
        }
        Set<Long> normalised = axes.stream().map(a -> a < 0 ? a + 4 : a).collect(Collectors.toSet());
        return normalised.equals(Set.of(2L, 3L));
    }

    /** The int64 values of an initializer or Constant node output, or null. */
    private static List<Long> constantInts(GraphIndex graph, String name) {
        Optional<TensorProto> tensor = graph.initializer(name).or(() -> graph.producer(name).map(graph::node)
                .filter(p -> p.getOpType().equals("Constant"))
                .flatMap(p -> p.getAttributeList().stream().filter(AttributeProto::hasT).findFirst())
                .map(AttributeProto::getT));
        if (tensor.isEmpty() || tensor.get().getDataType() != TensorProto.DataType.INT64.getNumber()) {
            return null;
        }
        TensorProto t = tensor.get();
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            List<Long> values = new ArrayList<>();
            while (raw.remaining() >= Long.BYTES) {
                values.add(raw.getLong());
            }
            return values;
        }
        return t.getInt64DataList();
    }
}
