package dev.repbench.runtime.cli.badinput;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small ONNX models written in the test, right or wrong in one way each: the tiny encoder runs in ONNX Runtime
 * (five ReLUs as its "blocks", pooled to an embedding), and each variation breaks one rule of the encoder contract.
 */
final class OnnxModels {
    /** The tiny encoder's block tensors, in order, and its pooled embedding tensor. */
    static final List<String> BLOCKS = List.of("b1", "b2", "b3", "b4", "b5");
    static final String POOLED = "pooled";

    private OnnxModels() {
    }

    /** An encoder.json for {@code repbench import} naming the tiny encoder's tensors. */
    static String importJson(String block5Tensor) {
        return """
                { "outputs" : { "block1" : "b1", "block2" : "b2", "block3" : "b3", "block4" : "b4", "block5" : "%s",
                                "embedding" : "%s" } }
                """.formatted(block5Tensor, POOLED);
    }

    /** The tiny encoder: input {@code image} float32 {@code [1, 3, 8, 8]}, fixed, so another size is refused. */
    static ModelProto tinyEncoder() {
        return tinyEncoder("Relu");
    }

    /** The tiny encoder with its last block made by {@code lastOp} (e.g. an operator ONNX Runtime lacks). */
    static ModelProto tinyEncoder(String lastOp) {
        List<NodeProto> nodes = new ArrayList<>();
        String previous = "image";
        for (String block : BLOCKS) {
            String op = block.equals(BLOCKS.getLast()) ? lastOp : "Relu";
            nodes.add(NodeProto.newBuilder().setOpType(op).addInput(previous).addOutput(block).build());
            previous = block;
        }
        nodes.add(NodeProto.newBuilder().setOpType("GlobalAveragePool").addInput(previous).addOutput("gap").build());
        nodes.add(NodeProto.newBuilder().setOpType("Flatten").addInput("gap").addOutput(POOLED).build());
        return model(List.of(input("image", TensorProto.DataType.FLOAT, 1L, 3L, 8L, 8L)), nodes, POOLED);
    }

    /**
     * The tiny encoder exported at {@code batch} images with the batch written into its graph, as such an export can
     * leave it: the pooled features are reshaped to the constant {@code [batch, -1]}, so another batch size mixes
     * its images' rows.
     */
    static ModelProto batchBoundEncoder(long batch) {
        ModelProto tiny = tinyEncoder();
        GraphProto.Builder graph = tiny.getGraph().toBuilder()
                .setInput(0, input("image", TensorProto.DataType.FLOAT, batch, 3L, 8L, 8L));
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (graph.getNode(i).getOpType().equals("Flatten")) {
                graph.setNode(i, NodeProto.newBuilder().setOpType("Reshape").addInput("gap").addInput("one_row")
                        .addOutput(POOLED).build());
            }
        }
        graph.addInitializer(TensorProto.newBuilder().setName("one_row").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(2).addInt64Data(batch).addInt64Data(-1));
        return tiny.toBuilder().setGraph(graph).build();
    }

    /** A model whose inputs are {@code inputs}, each passed through Identity to an output of its own. */
    static ModelProto withInputs(ValueInfoProto... inputs) {
        List<NodeProto> nodes = new ArrayList<>();
        for (ValueInfoProto input : inputs) {
            nodes.add(NodeProto.newBuilder().setOpType("Identity").addInput(input.getName())
                    .addOutput(input.getName() + "_out").build());
        }
        GraphProto.Builder graph = GraphProto.newBuilder().setName("inputs").addAllInput(List.of(inputs)).addAllNode(nodes);
        for (ValueInfoProto input : inputs) {
            graph.addOutput(ValueInfoProto.newBuilder().setName(input.getName() + "_out"));
        }
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph).build();
    }

    /** An input of {@code type} whose sizes are numbers, or symbols given as strings. */
    static ValueInfoProto input(String name, TensorProto.DataType type, Object... sizes) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object size : sizes) {
            shape.addDim(size instanceof Long fixed ? TensorShapeProto.Dimension.newBuilder().setDimValue(fixed)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(size.toString()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    static ModelProto model(List<ValueInfoProto> inputs, List<NodeProto> nodes, String output) {
        GraphProto graph = GraphProto.newBuilder().setName("tiny").addAllInput(inputs).addAllNode(nodes)
                .addOutput(ValueInfoProto.newBuilder().setName(output)).build();
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph).build();
    }

    static Path write(Path file, ModelProto model) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, model.toByteArray());
    }
}
