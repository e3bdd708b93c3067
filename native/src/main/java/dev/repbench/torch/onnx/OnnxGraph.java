package dev.repbench.torch.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one ONNX graph with the maintained protobuf classes ({@code ai.onnx.proto.OnnxMl}): float inputs and
 * outputs with symbolic dimensions, initializers, and nodes with attributes. Node names and generated value names
 * are unique; initializer names are the module's parameter names, so a graph reads like the state dict.
 */
public final class OnnxGraph {
    /** The ONNX operator set the exporter writes. */
    public static final int OPSET = 17;
    /** IR version 8 is what opset 17 ships with. */
    public static final long IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float32 graph input; a dimension given as null is symbolic, named by {@code symbols}. */
    public String input(String name, Long[] dims, String[] symbols) {
        graph.addInput(valueInfo(claim(name), dims, symbols));
        return name;
    }

    /** A float32 graph input of the given shape. */
    public String input(String name, List<Dimension> shape) {
        graph.addInput(valueInfo(claim(name), shape));
        return name;
    }

    /** Declares {@code value} a float32 graph output (dimensions unknown to the builder are left symbolic). */
    public void output(String value, Long[] dims, String[] symbols) {
        graph.addOutput(valueInfo(value, dims, symbols));
    }

    /** Declares {@code value} a float32 graph output of the given shape, or of unknown shape when null. */
    public void output(String value, List<Dimension> shape) {
        if (!names.contains(value)) {
            throw new IllegalArgumentException("no value named " + value + " to declare as an output");
        }
        graph.addOutput(valueInfo(value, shape));
    }

    /** Whether {@code value} is declared a graph output. */
    public boolean isOutput(String value) {
        return graph.getOutputList().stream().anyMatch(o -> o.getName().equals(value));
    }

    /** A float32 initializer holding {@code values} with shape {@code dims}, stored little-endian as raw data. */
    public String initializer(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder()
                .setName(claim(name))
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(toList(dims))
                .setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** An int64 initializer (shapes, axes). */
    public String initializer(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder()
                .setName(claim(name))
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addAllDims(toList(dims))
                .setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** A node with one output, named {@code output} (or generated from the op type when null). Returns the output. */
    public String node(String opType, List<String> inputs, String output, Attribute... attributes) {
        String out = output == null ? fresh(opType.toLowerCase(java.util.Locale.ROOT)) : claim(output);
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(opType)
                .setName(fresh(opType + "_node"))
                .addAllInput(inputs)
                .addOutput(out);
        for (Attribute a : attributes) {
            node.addAttribute(a.proto());
        }
        graph.addNode(node);
        return out;
    }

    /** Renames a value: an Identity node, for promoting an internal value to a named graph output. */
    public String identity(String input, String output) {
        return node("Identity", List.of(input), output);
    }

    /** The finished model: IR version, opset, producer and metadata (e.g. provenance) as string properties. */
    public ModelProto model(String producerVersion, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("RepBench")
                .setProducerVersion(producerVersion)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    /**
     * {@code preferred} itself when no value has that name yet, else {@code preferred_2}, {@code _3}, … whichever is
     * free first. Does not claim the name: pass it to {@link #node} as the output.
     */
    public String unusedName(String preferred) {
        String candidate = preferred;
        for (int n = 2; names.contains(candidate); n++) {
            candidate = preferred + "_" + n;
        }
        return candidate;
    }

    /** A value name derived from {@code base} that is not used yet. */
    public String fresh(String base) {
        String candidate;
        do {
            int n = counters.merge(base, 1, Integer::sum);
            candidate = base + "_" + n;
        } while (names.contains(candidate));
        names.add(candidate);
        return candidate;
    }

    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("ONNX value name used twice: " + name);
        }
        return name;
    }

    private static ValueInfoProto valueInfo(String name, Long[] dims, String[] symbols) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int k = 0; k < dims.length; k++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dims[k] != null) {
                d.setDimValue(dims[k]);
            } else {
                d.setDimParam(symbols[k]);
            }
            shape.addDim(d);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }

    private static ValueInfoProto valueInfo(String name, List<Dimension> shape) {
        TypeProto.Tensor.Builder tensorType = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber());
        if (shape != null) {
            TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
            for (Dimension d : shape) {
                dims.addDim(d.isSymbolic() ? TensorShapeProto.Dimension.newBuilder().setDimParam(d.symbol())
                        : TensorShapeProto.Dimension.newBuilder().setDimValue(d.size()));
            }
            tensorType.setShape(dims);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    private static List<Long> toList(long[] dims) {
        return java.util.Arrays.stream(dims).boxed().toList();
    }

    /** A node attribute. */
    public record Attribute(AttributeProto proto) {
        public static Attribute ints(String name, long... values) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                    .addAllInts(toList(values)).build());
        }

        public static Attribute integer(String name, long value) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                    .setI(value).build());
        }

        public static Attribute real(String name, float value) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                    .setF(value).build());
        }

        public static Attribute text(String name, String value) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8(value)).build());
        }
    }
}
