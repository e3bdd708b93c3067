package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who produces and who consumes each tensor of a graph, for walking it. ONNX requires nodes in topological order,
 * so a node's index also orders it along the computation.
 */
public final class GraphIndex {
    private final List<NodeProto> nodes;
    private final Map<String, Integer> producers = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Set<String> tensors = new LinkedHashSet<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();

    public GraphIndex(GraphProto graph) {
        nodes = graph.getNodeList();
        graph.getInputList().forEach(i -> tensors.add(i.getName()));
        graph.getInitializerList().forEach(t -> {
            tensors.add(t.getName());
            initializers.put(t.getName(), t);
        });
        for (int n = 0; n < nodes.size(); n++) {
            NodeProto node = nodes.get(n);
            for (String input : node.getInputList()) {
                if (!input.isEmpty()) {
                    consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(n);
                }
            }
            for (String output : node.getOutputList()) {
                if (!output.isEmpty()) {
                    producers.put(output, n);
                    tensors.add(output);
                }
            }
        }
        graph.getOutputList().stream().map(ValueInfoProto::getName).forEach(tensors::add);
    }

    /** Whether a tensor of this name exists: an input, an initializer or a node's output. */
    public boolean hasTensor(String name) {
        return tensors.contains(name);
    }

    /** Up to {@code limit} tensor names nearest to {@code name} by edit distance, for "did you mean". */
    public List<String> closestTensorNames(String name, int limit) {
        return tensors.stream().filter(t -> !initializers.containsKey(t))
                .sorted(Comparator.comparingInt((String t) -> editDistance(t, name)).thenComparing(t -> t))
                .limit(limit).toList();
    }

    /** The nodes, in the graph's (topological) order. */
    public List<NodeProto> nodes() {
        return nodes;
    }

    public NodeProto node(int index) {
        return nodes.get(index);
    }

    /** The index of the node producing {@code tensor}, if a node does. */
    public Optional<Integer> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    /** The indices of the nodes reading {@code tensor}. */
    public List<Integer> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    public Optional<TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** Every node that depends on {@code tensor}, directly or not. */
    BitSet descendants(String tensor) {
        BitSet seen = new BitSet(nodes.size());
        Deque<Integer> work = new ArrayDeque<>(consumers(tensor));
        while (!work.isEmpty()) {
            int n = work.pop();
            if (!seen.get(n)) {
                seen.set(n);
                for (String output : nodes.get(n).getOutputList()) {
                    work.addAll(consumers(output));
                }
            }
        }
        return seen;
    }

    /** The nodes among {@code within} that {@code node} depends on, {@code node} included. */
    BitSet ancestorsWithin(int node, BitSet within) {
        BitSet seen = new BitSet(nodes.size());
        Deque<Integer> work = new ArrayDeque<>(List.of(node));
        while (!work.isEmpty()) {
            int n = work.pop();
            if (!seen.get(n) && within.get(n)) {
                seen.set(n);
                for (String input : nodes.get(n).getInputList()) {
                    producer(input).ifPresent(work::push);
                }
            }
        }
        return seen;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
