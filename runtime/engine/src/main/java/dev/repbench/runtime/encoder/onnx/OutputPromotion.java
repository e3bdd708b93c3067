package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Graph surgery: makes internal tensors graph outputs under new names, because ONNX Runtime fetches only graph
 * outputs. Each promoted tensor gets an Identity node (or a Flatten for a pooled {@code [N, D, 1, 1]} embedding)
 * whose output carries the new name, so the original tensor names stay as they were. The model's previous outputs
 * are dropped: ONNX Runtime then skips what only they needed (a classifier).
 */
public final class OutputPromotion {
    /** Prefix of the nodes added here, so they read as RepBench's in a graph viewer. */
    static final String NODE_PREFIX = "repbench_output_";

    private OutputPromotion() {}

    /**
     * One output to create.
     *
     * @param tensor  the model's tensor
     * @param flatten whether to flatten it to {@code [N, D]} (for a pooled tensor that kept its 1×1 spatial axes)
     * @param shape   the shape to declare, each a size or a symbol; null declares the element type only
     */
    public record Promoted(String tensor, boolean flatten, List<Object> shape) {
        public Promoted {
            shape = shape == null ? null : List.copyOf(shape);
        }
    }

    /**
     * The model with exactly {@code outputs} as graph outputs, in the map's order.
     *
     * @param file named in messages
     * @throws OnnxModelException if a tensor does not exist, or a new name is already a different tensor's
     */
    public static ModelProto promote(ModelProto model, Map<String, Promoted> outputs, Path file) {
        GraphIndex index = new GraphIndex(model.getGraph());
        GraphProto.Builder graph = model.getGraph().toBuilder().clearOutput();
        for (Map.Entry<String, Promoted> e : outputs.entrySet()) {
            String name = e.getKey();
            Promoted p = e.getValue();
            if (!index.hasTensor(p.tensor())) {
                throw new OnnxModelException(file + " has no tensor '" + p.tensor() + "' to make the output " + name
                        + " (nearest names: " + index.closestTensorNames(p.tensor(), 3) + ")");
            }
            boolean inPlace = name.equals(p.tensor()) && !p.flatten();
            if (!inPlace) {
                if (index.hasTensor(name)) {
                    throw new OnnxModelException(file + " already has a tensor named '" + name + "' that is not the one"
                            + " chosen as " + name + " ('" + p.tensor() + "'): rename it in the model, or name it as the "
                            + name + " output in encoder.json");
                }
                NodeProto.Builder node = NodeProto.newBuilder().setName(NODE_PREFIX + name)
                        .setOpType(p.flatten() ? "Flatten" : "Identity").addInput(p.tensor()).addOutput(name);
                if (p.flatten()) {
                    node.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1));
                }
                graph.addNode(node);
            }
            graph.addOutput(valueInfo(name, p.shape()));
        }
        return model.toBuilder().setGraph(graph).build();
    }

    private static ValueInfoProto valueInfo(String name, List<Object> shape) {
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber());
        if (shape != null) {
            TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
            for (Object d : shape) {
                dims.addDim(d instanceof Number n ? TensorShapeProto.Dimension.newBuilder().setDimValue(n.longValue())
                        : TensorShapeProto.Dimension.newBuilder().setDimParam(d.toString()));
            }
            tensor.setShape(dims);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
