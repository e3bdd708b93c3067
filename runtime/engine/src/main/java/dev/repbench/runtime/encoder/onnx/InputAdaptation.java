package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Graph surgery that gives a model RepBench's image input, {@code [N, 3, H, W]} with a free batch, whatever layout
 * and batch its exporter wrote:
 * <ul>
 *   <li>an input laid out {@code [N, H, W, 3]} (TensorFlow's, and so tf2onnx's and Keras's) becomes a new input
 *       {@code [N, 3, H, W]} followed by a Transpose to the old one, which keeps its name inside the graph;</li>
 *   <li>a fixed batch ({@code torch.onnx.export} without {@code dynamic_axes} fixes it at the example's, usually 1)
 *       becomes the symbol {@value #BATCH}, on the input and on every graph output whose first dimension had that
 *       size; the graph's intermediate shape annotations ({@code value_info}), which may repeat the fixed batch,
 *       are dropped (ONNX Runtime infers them again).</li>
 * </ul>
 * Freeing the batch is only safe when nothing in the graph depends on it (a Reshape to a constant {@code [1, -1]}
 * does, as does torchvision's ViT exported at one image): the caller checks that the adapted model gives the
 * original's outputs at another batch size, and where it does not, adapts again keeping the batch, which the
 * feature runner and CKA then honour (batches of exactly that many images).
 */
public final class InputAdaptation {
    /** The symbol a freed batch dimension gets. */
    public static final String BATCH = "N";
    /** The suffix of the NCHW input put in front of an NHWC one. */
    static final String NCHW_SUFFIX = "_nchw";

    private InputAdaptation() {}

    /**
     * The model and its image input after adaptation, and what was changed.
     *
     * @param model      the adapted model ({@code original} itself when nothing changed)
     * @param input      its image input, {@code [N, 3, H, W]} with a free batch
     * @param transposed  whether an NHWC input was put behind a new NCHW one
     * @param freedBatch  the fixed batch that was made {@value #BATCH}, or -1 when the batch was free already or kept
     * @param batchKept   why a fixed batch was kept, or null when there was none or it was freed
     */
    public record Adapted(ModelProto model, ImageInput input, boolean transposed, long freedBatch, String batchKept) {
        /** Whether anything changed, or a fixed batch stays that the user should know of. */
        public boolean changed() {
            return transposed || freedBatch >= 0 || batchKept != null;
        }

        /** One line per change, for the user and the encoder's provenance; empty when nothing changed. */
        public List<String> changes() {
            List<String> lines = new ArrayList<>();
            if (transposed) {
                lines.add("its [N, H, W, 3] input is fed from a new [N, 3, H, W] input '" + input.name()
                        + "' through a Transpose");
            }
            if (freedBatch >= 0) {
                lines.add("its batch, fixed at " + freedBatch + " by its export, is made free ('" + BATCH + "')");
            }
            if (batchKept != null) {
                long batch = input.fixedBatch();
                lines.add("its batch stays fixed at " + batch + ", as exported (" + batchKept + "): features and CKA's"
                        + " Grams are computed " + batch + " image" + (batch == 1 ? "" : "s") + " at a time; re-export it"
                        + " with a free batch dimension to run whole batches");
            }
            return lines;
        }
    }

    /** {@code model} with {@code image} as RepBench takes images; the model itself when it already does. */
    public static Adapted toBatchedNchw(ModelProto model, ImageInput image) {
        return adapt(model, image, null);
    }

    /**
     * {@code model} with {@code image} laid out {@code [N, 3, H, W]} but its fixed batch kept, because of
     * {@code why} (told to the user).
     */
    public static Adapted toNchwKeepingBatch(ModelProto model, ImageInput image, String why) {
        if (image.fixedBatch() < 0) {
            throw new IllegalArgumentException("the input " + image.dimensions() + " has no fixed batch to keep");
        }
        return adapt(model, image, why);
    }

    private static Adapted adapt(ModelProto model, ImageInput image, String keepBatch) {
        if (image.isBatchedNchw()) {
            return new Adapted(model, image, false, -1, null);
        }
        GraphProto.Builder graph = model.getGraph().toBuilder();
        List<Object> dims = new ArrayList<>(image.dimensions());
        long fixedBatch = keepBatch == null ? image.fixedBatch() : -1;
        if (fixedBatch >= 0) {
            dims.set(0, BATCH);
            for (int i = 0; i < graph.getOutputCount(); i++) {
                graph.setOutput(i, withFreeBatch(graph.getOutput(i), fixedBatch));
            }
            graph.clearValueInfo();
        }
        String inputName = image.name();
        boolean transposed = image.layout() == ImageInput.Layout.NHWC;
        if (transposed) {
            GraphIndex index = new GraphIndex(model.getGraph());
            inputName = image.name() + NCHW_SUFFIX;
            while (index.hasTensor(inputName)) {
                inputName = inputName + "_";
            }
            dims = List.of(dims.get(0), 3L, dims.get(1), dims.get(2));
            // [N, 3, H, W] → [N, H, W, 3] under the old input's name, before every node that reads it.
            NodeProto transpose = NodeProto.newBuilder().setOpType("Transpose").setName("repbench_input_nhwc")
                    .addInput(inputName).addOutput(image.name())
                    .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
                            .addAllInts(List.of(0L, 2L, 3L, 1L)))
                    .build();
            List<NodeProto> nodes = new ArrayList<>(graph.getNodeList());
            nodes.addFirst(transpose);
            graph.clearNode().addAllNode(nodes);
        }
        for (int i = 0; i < graph.getInputCount(); i++) {
            if (graph.getInput(i).getName().equals(image.name())) {
                graph.setInput(i, declared(graph.getInput(i), inputName, dims));
            }
        }
        ImageInput adapted = new ImageInput(inputName, dims, ImageInput.Layout.NCHW);
        ModelProto changed = fixedBatch < 0 && !transposed ? model : model.toBuilder().setGraph(graph).build();
        return new Adapted(changed, adapted, transposed, fixedBatch, keepBatch);
    }

    /**
     * A copy of {@code model} whose input {@code input} takes any height and width, for probing shapes at another
     * size than the one its export fixed (never written: the encoder keeps the size it was exported with); the
     * model itself when its size is free already. The graph's value_info, which may repeat the fixed size, is dropped.
     */
    public static ModelProto withFreeSize(ModelProto model, String input) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        boolean changed = false;
        for (int i = 0; i < graph.getInputCount(); i++) {
            ValueInfoProto value = graph.getInput(i);
            if (!value.getName().equals(input) || value.getType().getTensorType().getShape().getDimCount() != 4) {
                continue;
            }
            ValueInfoProto.Builder builder = value.toBuilder();
            TensorShapeProto.Builder shape = builder.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            for (int d = 2; d < 4; d++) {
                if (shape.getDim(d).hasDimValue()) {
                    shape.getDimBuilder(d).clearDimValue().setDimParam(d == 2 ? "H" : "W");
                    changed = true;
                }
            }
            graph.setInput(i, builder);
        }
        return changed ? model.toBuilder().setGraph(graph.clearValueInfo()).build() : model;
    }

    /** {@code value} renamed, with {@code dims} (sizes and symbols) as its shape. */
    private static ValueInfoProto declared(ValueInfoProto value, String name, List<Object> dims) {
        ValueInfoProto.Builder builder = value.toBuilder().setName(name);
        TensorShapeProto.Builder shape = builder.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().clearDim();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = shape.addDimBuilder();
            if (d instanceof Long size) {
                dim.setDimValue(size);
            } else if (!"?".equals(d)) {
                dim.setDimParam(d.toString());
            }
        }
        return builder.build();
    }

    /** An output whose first dimension is the fixed batch, declared with {@value #BATCH} there instead. */
    private static ValueInfoProto withFreeBatch(ValueInfoProto output, long fixedBatch) {
        if (!output.getType().hasTensorType() || !output.getType().getTensorType().hasShape()) {
            return output;
        }
        TensorShapeProto shape = output.getType().getTensorType().getShape();
        if (shape.getDimCount() == 0 || !shape.getDim(0).hasDimValue() || shape.getDim(0).getDimValue() != fixedBatch) {
            return output;
        }
        ValueInfoProto.Builder builder = output.toBuilder();
        builder.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).clearDimValue().setDimParam(BATCH);
        return builder.build();
    }
}
