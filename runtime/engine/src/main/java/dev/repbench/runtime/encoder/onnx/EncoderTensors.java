package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds, in a model from elsewhere, the tensors that the encoder-file contract names: the pooled {@code embedding}
 * and, in a torchvision-style ResNet, the block outputs {@code block1}…{@code block5}.
 *
 * <p><b>ResNet stages.</b> block1 is the input of the first MaxPool, which must come from a Relu (the stem's). From
 * the MaxPool's output the main path is followed one residual unit at a time: a unit starting at tensor x ends at
 * the first Add (in the graph's topological order) whose inputs all depend on x, and its output is the Relu after
 * that Add (or the Add itself when no Relu follows). A unit with a strided Conv or pooling inside, or whose shortcut
 * is a projection (neither Add input is x, as in ResNet-50's first unit), begins a new stage. Four stages must be
 * found; stage k's last unit output is block k+1. Nothing depends on node names, so any exporter's naming works.
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

    private static final int STAGES = 4;
    private static final Set<String> RESHAPES = Set.of("Flatten", "Reshape", "Squeeze");

    private EncoderTensors() {}

    /**
     * The stages found: {@code blocks} maps block1…block5 to tensor names; {@code unitsPerStage} counts the
     * residual units of each stage (2, 2, 2, 2 for ResNet-18; 3, 4, 6, 3 for ResNet-50).
     */
    public record ResNetStages(Map<String, String> blocks, List<Integer> unitsPerStage) {
        public ResNetStages {
            blocks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
            unitsPerStage = List.copyOf(unitsPerStage);
        }
    }

    /** One residual unit on the main path. */
    private record Unit(String output, int stride, boolean projection) {}

    /**
     * Finds block1…block5 in a torchvision-style ResNet graph read from {@code file}.
     *
     * @throws OnnxModelException if the pattern is not there, saying what was found and how to name the tensors
     */
    public static ResNetStages resNetStages(ModelProto model, Path file) {
        GraphIndex graph = new GraphIndex(model.getGraph());
        List<NodeProto> nodes = graph.nodes();
        int maxPool = -1;
        for (int n = 0; n < nodes.size() && maxPool < 0; n++) {
            if (nodes.get(n).getOpType().equals("MaxPool")) {
                maxPool = n;
            }
        }
        if (maxPool < 0) {
            throw notFound(file, "it has no MaxPool after a stem");
        }
        String stem = nodes.get(maxPool).getInput(0);
        String stemOp = graph.producer(stem).map(n -> graph.node(n).getOpType()).orElse("graph input");
        if (!stemOp.equals("Relu")) {
            throw notFound(file, "the first MaxPool reads the output of a " + stemOp + ", not of the stem's Relu");
        }
        List<List<Unit>> stages = new ArrayList<>();
        String current = nodes.get(maxPool).getOutput(0);
        for (Optional<Unit> unit = residualUnit(graph, current); unit.isPresent(); unit = residualUnit(graph, current)) {
            Unit u = unit.get();
            if (stages.isEmpty() || u.stride() > 1 || u.projection()) {
                stages.add(new ArrayList<>());
            }
            stages.getLast().add(u);
            current = u.output();
        }
        List<Integer> unitsPerStage = stages.stream().map(List::size).toList();
        if (stages.size() != STAGES) {
            throw notFound(file, "after the first MaxPool it has " + stages.size() + " residual stages (units per stage: "
                    + unitsPerStage + "), a ResNet has " + STAGES);
        }
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put(BLOCKS.getFirst(), stem);
        for (int k = 0; k < STAGES; k++) {
            blocks.put(BLOCKS.get(k + 1), stages.get(k).getLast().output());
        }
        return new ResNetStages(blocks, unitsPerStage);
    }

    private static OnnxModelException notFound(Path file, String reason) {
        return new OnnxModelException("could not find the ResNet stages in " + file + " (" + reason + "): give the tensor"
                + " names in encoder.json as outputs: {block1: '...', block2: '...', block3: '...', block4: '...',"
                + " block5: '...', embedding: '...'} and pass it with --encoder-json");
    }

    /** The residual unit whose input is {@code input}, if the graph continues with one. */
    private static Optional<Unit> residualUnit(GraphIndex graph, String input) {
        BitSet downstream = graph.descendants(input);
        for (int n = downstream.nextSetBit(0); n >= 0; n = downstream.nextSetBit(n + 1)) {
            NodeProto node = graph.node(n);
            if (!(node.getOpType().equals("Add") || node.getOpType().equals("Sum")) || node.getInputCount() < 2) {
                continue;
            }
            boolean merge = node.getInputList().stream().allMatch(i -> i.equals(input)
                    || graph.producer(i).map(downstream::get).orElse(false));
            if (!merge) {
                continue;
            }
            BitSet inside = graph.ancestorsWithin(n, downstream);
            int stride = 1;
            for (int m = inside.nextSetBit(0); m >= 0; m = inside.nextSetBit(m + 1)) {
                stride = Math.max(stride, stride(graph.node(m)));
            }
            boolean projection = !node.getInputList().contains(input);
            String sum = node.getOutput(0);
            List<Integer> readers = graph.consumers(sum);
            boolean relu = readers.size() == 1 && graph.node(readers.getFirst()).getOpType().equals("Relu");
            return Optional.of(new Unit(relu ? graph.node(readers.getFirst()).getOutput(0) : sum, stride, projection));
        }
        return Optional.empty();
    }

    /** The largest stride of a Conv or pooling node, 1 for other nodes. */
    private static int stride(NodeProto node) {
        if (!Set.of("Conv", "MaxPool", "AveragePool").contains(node.getOpType())) {
            return 1;
        }
        return node.getAttributeList().stream().filter(a -> a.getName().equals("strides"))
                .flatMap(a -> a.getIntsList().stream()).mapToInt(Long::intValue).max().orElse(1);
    }

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
