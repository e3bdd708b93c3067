package dev.repbench.runtime.analysis.cka;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an encoder's ONNX model so that ONNX Runtime computes, per chosen output, the batch's linear Gram
 * matrix instead of handing the wide output to Java: for an output X of shape {@code [n, …]}
 * <pre>
 *   F = Flatten(X, axis=1)                 [n, d]
 *   C = F − ReduceMean(F, axis=0)          column-centred over the batch
 *   gram_&lt;name&gt; = Gemm(C, C, transB=1)     C·Cᵀ, [n, n]
 * </pre>
 * The original outputs are removed from the graph's outputs, so only n × n floats per output leave ONNX Runtime.
 *
 * <p>Why centre in the graph: the unbiased HSIC estimator ({@link UnbiasedHsic}) gives the same value for the
 * Gram of centred and of uncentred features, but post-ReLU features have large means, and a float32 Gram of
 * uncentred features would lose most of its significant digits to them before the estimator cancels them out.
 * The Grams are float32 in ONNX Runtime and accumulated in float64 in Java.
 */
public final class GramGraph {
    /** The prefix of the Gram outputs' names: {@code gram_block1}, …, {@code gram_embedding}. */
    public static final String PREFIX = "gram_";

    private GramGraph() {
    }

    /** The name of the Gram output added for encoder output {@code output}. */
    public static String gramOutput(String output) {
        return PREFIX + output;
    }

    /**
     * A copy of {@code model} whose only outputs are {@code gram_<name>} for each of {@code outputs}, in order.
     *
     * @throws IllegalArgumentException if an output is not one of the model's graph outputs, or the list is empty
     */
    public static ModelProto withGrams(ModelProto model, List<String> outputs) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("no outputs to compute Grams of");
        }
        GraphProto graph = model.getGraph();
        Map<String, ValueInfoProto> existing = new LinkedHashMap<>();
        for (ValueInfoProto o : graph.getOutputList()) {
            existing.put(o.getName(), o);
        }
        Set<String> taken = new HashSet<>(existing.keySet());
        graph.getNodeList().forEach(n -> taken.addAll(n.getOutputList()));
        graph.getInitializerList().forEach(t -> taken.add(t.getName()));
        graph.getInputList().forEach(i -> taken.add(i.getName()));
        long opset = defaultOpset(model);

        GraphProto.Builder g = graph.toBuilder().clearOutput();
        for (String output : outputs) {
            if (!existing.containsKey(output)) {
                throw new IllegalArgumentException("the model has no output '" + output + "'; it has " + existing.keySet());
            }
            String gram = gramOutput(output);
            if (taken.contains(gram)) {
                throw new IllegalArgumentException("the model already has a value named '" + gram + "'");
            }
            String flat = fresh(taken, "cka_" + output + "_flat");
            String mean = fresh(taken, "cka_" + output + "_mean");
            String centred = fresh(taken, "cka_" + output + "_centred");
            g.addNode(node("Flatten", List.of(output), flat, intAttr("axis", 1)));
            if (opset >= 18) {
                // From opset 18 ReduceMean takes its axes as an input rather than an attribute.
                String axes = fresh(taken, "cka_" + output + "_axes");
                g.addInitializer(TensorProto.newBuilder().setName(axes).setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(1).addInt64Data(0));
                g.addNode(node("ReduceMean", List.of(flat, axes), mean, intAttr("keepdims", 1)));
            } else {
                g.addNode(node("ReduceMean", List.of(flat), mean, intsAttr("axes", 0), intAttr("keepdims", 1)));
            }
            g.addNode(node("Sub", List.of(flat, mean), centred));
            g.addNode(node("Gemm", List.of(centred, centred), gram, intAttr("transB", 1)));
            taken.add(gram);
            g.addOutput(squareFloatOutput(gram));
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static long defaultOpset(ModelProto model) {
        for (OperatorSetIdProto op : model.getOpsetImportList()) {
            if (op.getDomain().isEmpty() || op.getDomain().equals("ai.onnx")) {
                return op.getVersion();
            }
        }
        throw new IllegalArgumentException("the model imports no default-domain (ai.onnx) opset");
    }

    private static String fresh(Set<String> taken, String base) {
        String name = base;
        for (int i = 1; taken.contains(name); i++) {
            name = base + "_" + i;
        }
        taken.add(name);
        return name;
    }

    private static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        return n.build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** A float output of shape {@code [batch, batch]}: both dimensions are the batch size. */
    private static ValueInfoProto squareFloatOutput(String name) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
