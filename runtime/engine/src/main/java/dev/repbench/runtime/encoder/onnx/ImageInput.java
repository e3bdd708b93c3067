package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model's image input: the one float32 input of rank 4 laid out {@code [N, 3, H, W]} (channel dimension 3 or
 * symbolic) or, as TensorFlow and Keras models exported to ONNX take images, {@code [N, H, W, 3]} (a last dimension
 * of 3 where the second is not). Inputs fed by an initializer (older exporters list weights as inputs too) are not
 * inputs of the model's caller and are skipped. {@link InputAdaptation} turns any of them into RepBench's
 * {@code [N, 3, H, W]} with a free batch.
 *
 * @param name       the input's name
 * @param dimensions each a size ({@link Long}), a symbol ({@link String}) or {@code ?} when unnamed, as declared
 * @param layout     where the channels are
 */
public record ImageInput(String name, List<Object> dimensions, Layout layout) {

    /** Where an image input keeps its channels. */
    public enum Layout {
        /** {@code [N, C, H, W]}: PyTorch's, and RepBench's. */
        NCHW,
        /** {@code [N, H, W, C]}: TensorFlow's. */
        NHWC
    }

    public ImageInput {
        dimensions = List.copyOf(dimensions);
    }

    /** The fixed height, or -1 when symbolic. */
    public long fixedHeight() {
        return dimensions.get(layout == Layout.NCHW ? 2 : 1) instanceof Long h ? h : -1;
    }

    /** The fixed width, or -1 when symbolic. */
    public long fixedWidth() {
        return dimensions.get(layout == Layout.NCHW ? 3 : 2) instanceof Long w ? w : -1;
    }

    /** The batch size the model was exported with, or -1 when the batch dimension is free. */
    public long fixedBatch() {
        return dimensions.getFirst() instanceof Long n ? n : -1;
    }

    /** Whether RepBench can feed it as it is: {@code [N, 3, H, W]} with a free batch. */
    public boolean isBatchedNchw() {
        return layout == Layout.NCHW && fixedBatch() < 0;
    }

    /**
     * Finds the image input of {@code model}, read from {@code file} (named in messages).
     *
     * @throws OnnxModelException if there is none, more than one, or other inputs beside it; the message lists the
     *                            inputs found
     */
    public static ImageInput of(ModelProto model, Path file) {
        Set<String> initializers = model.getGraph().getInitializerList().stream().map(TensorProto::getName)
                .collect(Collectors.toSet());
        List<ValueInfoProto> inputs = model.getGraph().getInputList().stream()
                .filter(i -> !initializers.contains(i.getName())).toList();
        List<ValueInfoProto> images = inputs.stream().filter(ImageInput::isImage).toList();
        String fix = "; an encoder takes one float32 image input [N, 3, H, W] (or [N, H, W, 3]): re-export it with that"
                + " input only";
        if (images.isEmpty()) {
            List<ValueInfoProto> otherType = inputs.stream().filter(ImageInput::isImageOfAnotherType).toList();
            if (otherType.size() == 1) {
                throw new OnnxModelException(file + " takes its image in another type than float32 (its inputs: "
                        + describe(inputs) + "); RepBench feeds encoders float32 images: export the model in float32"
                        + " (in PyTorch, model.float() before torch.onnx.export)");
            }
            throw new OnnxModelException(file + " has no float32 4-D image input with 3 channels (its inputs: "
                    + describe(inputs) + ")" + fix);
        }
        if (images.size() > 1) {
            throw new OnnxModelException(file + " has " + images.size() + " image inputs (" + describe(images) + ")" + fix);
        }
        if (inputs.size() > 1) {
            throw new OnnxModelException(file + " has inputs besides the image (" + describe(inputs) + ")" + fix);
        }
        ValueInfoProto image = images.getFirst();
        return new ImageInput(image.getName(), dimensions(image), layout(image));
    }

    /** A 4-D image input of a floating-point type other than float32 (float16, bfloat16, double). */
    private static boolean isImageOfAnotherType(ValueInfoProto input) {
        TypeProto type = input.getType();
        if (!type.hasTensorType() || type.getTensorType().getShape().getDimCount() != 4) {
            return false;
        }
        int elem = type.getTensorType().getElemType();
        boolean floating = elem == TensorProto.DataType.FLOAT16.getNumber() || elem == TensorProto.DataType.BFLOAT16.getNumber()
                || elem == TensorProto.DataType.DOUBLE.getNumber();
        return floating && layout(input) != null;
    }

    private static boolean isImage(ValueInfoProto input) {
        TypeProto type = input.getType();
        if (!type.hasTensorType() || type.getTensorType().getElemType() != TensorProto.DataType.FLOAT.getNumber()) {
            return false;
        }
        return type.getTensorType().getShape().getDimCount() == 4 && layout(input) != null;
    }

    /**
     * NCHW where the second dimension is 3 (whatever the last), or symbolic while the last is not 3 (a PyTorch export
     * with dynamic channels, or sizes); NHWC where the last is 3 and the second is not (a size or a symbol); null
     * where neither is 3 and the second is a size.
     */
    private static Layout layout(ValueInfoProto input) {
        List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        boolean secondFree = !dims.get(1).hasDimValue();
        boolean secondThree = dims.get(1).hasDimValue() && dims.get(1).getDimValue() == 3;
        boolean lastThree = dims.get(3).hasDimValue() && dims.get(3).getDimValue() == 3;
        if (secondThree || (secondFree && !lastThree)) {
            return Layout.NCHW;
        }
        return lastThree ? Layout.NHWC : null;
    }

    /** Each dimension as a size, a symbol, or {@code ?}. */
    static List<Object> dimensions(ValueInfoProto value) {
        List<Object> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : value.getType().getTensorType().getShape().getDimList()) {
            dims.add(d.hasDimValue() ? (Object) d.getDimValue() : d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?");
        }
        return dims;
    }

    /** {@code 'input' float32 [batch, 3, 64, 64], 'ids' int64 [batch, 16]}. */
    static String describe(List<ValueInfoProto> values) {
        if (values.isEmpty()) {
            return "none";
        }
        return values.stream().map(v -> {
            TypeProto type = v.getType();
            if (!type.hasTensorType()) {
                return "'" + v.getName() + "' (not a tensor)";
            }
            TensorProto.DataType elem = TensorProto.DataType.forNumber(type.getTensorType().getElemType());
            String elemName = elem == null ? "type " + type.getTensorType().getElemType() : elem.name().toLowerCase();
            if (elem == TensorProto.DataType.FLOAT) {
                elemName = "float32";
            }
            return "'" + v.getName() + "' " + elemName + " " + dimensions(v);
        }).collect(Collectors.joining(", "));
    }
}
