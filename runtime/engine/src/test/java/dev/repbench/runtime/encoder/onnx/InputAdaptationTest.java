package dev.repbench.runtime.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which layout an image input is read as ({@link ImageInput}), and the graph surgery that makes it RepBench's
 * ({@link InputAdaptation}); that the adapted models compute what the exported ones did is checked against PyTorch
 * in {@code ImportParityTest}.
 */
class InputAdaptationTest {
    private static final Path FILE = Path.of("model.onnx");

    @Test
    void layoutsAreReadFromWhereTheThreeChannelsAre() {
        assertEquals(ImageInput.Layout.NCHW, read("N", 3L, 224L, 224L).layout());
        assertEquals(ImageInput.Layout.NCHW, read("N", "C", "H", "W").layout()); // PyTorch, every axis dynamic
        assertEquals(ImageInput.Layout.NCHW, read(1L, 3L, 3L, 3L).layout());
        assertEquals(ImageInput.Layout.NHWC, read("N", 224L, 224L, 3L).layout());
        assertEquals(ImageInput.Layout.NHWC, read("unk__1", "H", "W", 3L).layout()); // tf2onnx, free spatial axes
        OnnxModelException none = assertThrows(OnnxModelException.class, () -> read("N", 64L, 64L, 4L));
        assertTrue(none.getMessage().contains("no float32 4-D image input with 3 channels"), none.getMessage());
    }

    @Test
    void sizesAndBatchAreReadInEitherLayout() {
        ImageInput nhwc = read(1L, 96L, 128L, 3L);
        assertEquals(96, nhwc.fixedHeight());
        assertEquals(128, nhwc.fixedWidth());
        assertEquals(1, nhwc.fixedBatch());
        ImageInput nchw = read("N", 3L, 96L, "W");
        assertEquals(96, nchw.fixedHeight());
        assertEquals(-1, nchw.fixedWidth());
        assertEquals(-1, nchw.fixedBatch());
        assertTrue(nchw.isBatchedNchw());
    }

    @Test
    void aBatchedNchwInputIsLeftAlone() {
        ModelProto model = identity(input("N", 3L, 8L, 8L), output("N", 3L, 8L, 8L));
        InputAdaptation.Adapted adapted = InputAdaptation.toBatchedNchw(model, ImageInput.of(model, FILE));
        assertSame(model, adapted.model());
        assertEquals(List.of(), adapted.changes());
    }

    /**
     * An NHWC input fixed at one image: a new NCHW input with a free batch feeds a Transpose (perm 0, 2, 3, 1) to the
     * old name, the first node; the output's fixed batch is freed too, and value_info, which may repeat it, dropped.
     */
    @Test
    void anNhwcInputAtOneImageGetsAFreeNchwInputInFront() {
        ModelProto plain = identity(input(1L, 8L, 6L, 3L), output(1L, 8L, 6L, 3L));
        ModelProto exported = plain.toBuilder().setGraph(plain.getGraph().toBuilder()
                .addValueInfo(ValueInfoProto.newBuilder().setName("image").setType(type(1L, 8L, 6L, 3L)))).build();
        InputAdaptation.Adapted adapted = InputAdaptation.toBatchedNchw(exported, ImageInput.of(exported, FILE));
        GraphProto graph = adapted.model().getGraph();

        assertEquals("image_nchw", adapted.input().name());
        assertEquals(List.of(InputAdaptation.BATCH, 3L, 8L, 6L), adapted.input().dimensions());
        assertEquals(adapted.input(), ImageInput.of(adapted.model(), FILE));
        NodeProto first = graph.getNode(0);
        assertEquals("Transpose", first.getOpType());
        assertEquals(List.of("image_nchw"), first.getInputList());
        assertEquals(List.of("image"), first.getOutputList());
        assertEquals(List.of(0L, 2L, 3L, 1L), first.getAttribute(0).getIntsList());
        assertEquals("Identity", graph.getNode(1).getOpType());
        assertEquals(InputAdaptation.BATCH, graph.getOutput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(0, graph.getValueInfoCount());
        assertEquals(List.of("its [N, H, W, 3] input is fed from a new [N, 3, H, W] input 'image_nchw' through a Transpose",
                "its batch, fixed at 1 by its export, is made free ('N')"), adapted.changes());
    }

    @Test
    void aBatchKeptIsSaidWithWhyAndWhatItCosts() {
        ModelProto exported = identity(input(1L, 3L, 8L, 8L), output(1L, 3L, 8L, 8L));
        InputAdaptation.Adapted kept = InputAdaptation.toNchwKeepingBatch(exported, ImageInput.of(exported, FILE),
                "a reason");
        assertSame(exported, kept.model());
        assertEquals(List.of(1L, 3L, 8L, 8L), kept.input().dimensions());
        assertEquals(List.of("its batch stays fixed at 1, as exported (a reason): features and CKA's Grams are computed"
                + " 1 image at a time; re-export it with a free batch dimension to run whole batches"), kept.changes());
    }

    private static ImageInput read(Object... dims) {
        return ImageInput.of(identity(input(dims), output(dims)), FILE);
    }

    private static ModelProto identity(ValueInfoProto input, ValueInfoProto output) {
        return ModelProto.newBuilder().setIrVersion(8).setGraph(GraphProto.newBuilder().setName("g").addInput(input)
                .addOutput(output).addNode(NodeProto.newBuilder().setOpType("Identity").addInput(input.getName())
                        .addOutput(output.getName()))).build();
    }

    private static ValueInfoProto input(Object... dims) {
        return ValueInfoProto.newBuilder().setName("image").setType(type(dims)).build();
    }

    private static ValueInfoProto output(Object... dims) {
        return ValueInfoProto.newBuilder().setName("out").setType(type(dims)).build();
    }

    private static TypeProto type(Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof Long size ? TensorShapeProto.Dimension.newBuilder().setDimValue(size)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(d.toString()));
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
    }
}
