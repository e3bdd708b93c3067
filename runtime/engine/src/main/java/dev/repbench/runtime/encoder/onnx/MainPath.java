package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensors every computation from the image to the model's outputs passes through, in order: the stem's and
 * each stage's outputs of a CNN, the output of every residual unit (never a tensor inside a residual branch or a
 * squeeze-and-excitation branch), and the token sequence after every residual unit of a transformer.
 *
 * <p>Only the image's data counts: traversal stops at {@code Shape} and {@code Size}, so the shape arithmetic
 * exporters emit (for reshapes with a dynamic batch, a class token expanded to the batch) neither joins nor breaks
 * the path. Among the nodes on some path from the image to an output, a tensor is on the main path when, right
 * after its producer in the graph's topological order, it is the only data tensor still waiting to be read: any
 * other would be an edge around it, a path that avoids it. This holds in every topological order, so the
 * exporter's node order does not matter.
 */
public final class MainPath {
    /** Operators whose output describes a tensor rather than computing on its values. */
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Size");

    private MainPath() {}

    /**
     * The main-path tensors of {@code model}, from the image to the outputs, the image input excluded.
     *
     * @param image the image input's name
     */
    public static List<String> of(ModelProto model, String image) {
        GraphIndex graph = new GraphIndex(model.getGraph());
        List<NodeProto> nodes = graph.nodes();
        BitSet data = dataNodes(graph, image);
        BitSet relevant = reachingOutputs(graph, data, model.getGraph().getOutputList());
        // Per data tensor, the last relevant node reading it: the tensor is live until then.
        Map<String, Integer> lastReader = new HashMap<>();
        for (int n = relevant.nextSetBit(0); n >= 0; n = relevant.nextSetBit(n + 1)) {
            for (String input : nodes.get(n).getInputList()) {
                if (isData(graph, data, image, input)) {
                    lastReader.put(input, n);
                }
            }
        }
        Set<String> outputs = new java.util.HashSet<>(model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
        List<String> path = new ArrayList<>();
        int live = lastReader.containsKey(image) ? 1 : 0;
        Map<Integer, Integer> dying = new HashMap<>(); // node index → live tensors whose last reader it is
        lastReader.values().forEach(n -> dying.merge(n, 1, Integer::sum));
        for (int n = relevant.nextSetBit(0); n >= 0; n = relevant.nextSetBit(n + 1)) {
            live -= dying.getOrDefault(n, 0);
            List<String> produced = nodes.get(n).getOutputList().stream()
                    .filter(o -> lastReader.containsKey(o) || outputs.contains(o)).toList();
            live += (int) produced.stream().filter(lastReader::containsKey).count();
            if (produced.size() == 1 && live == (lastReader.containsKey(produced.getFirst()) ? 1 : 0)) {
                path.add(produced.getFirst());
            }
        }
        return path;
    }

    /** Nodes that compute on the image's values: reachable from it without passing a shape operator. */
    private static BitSet dataNodes(GraphIndex graph, String image) {
        BitSet seen = new BitSet(graph.nodes().size());
        Deque<Integer> work = new ArrayDeque<>(graph.consumers(image));
        while (!work.isEmpty()) {
            int n = work.pop();
            if (seen.get(n) || SHAPE_OPS.contains(graph.node(n).getOpType())) {
                continue;
            }
            seen.set(n);
            for (String output : graph.node(n).getOutputList()) {
                work.addAll(graph.consumers(output));
            }
        }
        return seen;
    }

    /** The data nodes some graph output depends on. */
    private static BitSet reachingOutputs(GraphIndex graph, BitSet data, List<ValueInfoProto> outputs) {
        BitSet seen = new BitSet(graph.nodes().size());
        Deque<Integer> work = new ArrayDeque<>();
        outputs.forEach(o -> graph.producer(o.getName()).ifPresent(work::push));
        while (!work.isEmpty()) {
            int n = work.pop();
            if (seen.get(n) || !data.get(n)) {
                continue;
            }
            seen.set(n);
            for (String input : graph.node(n).getInputList()) {
                graph.producer(input).ifPresent(work::push);
            }
        }
        return seen;
    }

    private static boolean isData(GraphIndex graph, BitSet data, String image, String tensor) {
        return tensor.equals(image) || graph.producer(tensor).map(data::get).orElse(false);
    }
}
