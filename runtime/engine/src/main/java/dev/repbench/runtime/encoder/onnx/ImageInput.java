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
 * A model's image input: the one float32 input of rank 4 whose channel dimension is 3 or symbolic. Inputs fed by an
 * initializer (older exporters list weights as inputs too) are not inputs of the model's caller and are skipped.
 *
 * @param name       the input's name
 * @param dimensions each a size ({@link Long}), a symbol ({@link String}) or {@code ?} when unnamed
 */
public record ImageInput(String name, List<Object> dimensions) {

    public ImageInput {
        dimensions = List.copyOf(dimensions);
    }

    /** The fixed height, or -1 when symbolic. */
    public long fixedHeight() {
        return dimensions.get(2) instanceof Long h ? h : -1;
    }

    /** The fixed width, or -1 when symbolic. */
    public long fixedWidth() {
        return dimensions.get(3) instanceof Long w ? w : -1;
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
        String fix = "; an encoder takes one float32 image input [N, 3, H, W]: re-export it with that input only";
        if (images.isEmpty()) {
            throw new OnnxModelException(file + " has no float32 4-D image input with 3 channels (its inputs: "
                    + describe(inputs) + ")" + fix);
        }
        if (images.size() > 1) {
            throw new OnnxModelException(file + " has " + images.size() + " image inputs (" + describe(images) + ")" + fix);
        }
        if (inputs.size() > 1) {
            throw new OnnxModelException(file + " has inputs besides the image (" + describe(inputs) + ")" + fix);
        }
        return new ImageInput(images.getFirst().getName(), dimensions(images.getFirst()));
    }

    private static boolean isImage(ValueInfoProto input) {
        TypeProto type = input.getType();
        if (!type.hasTensorType() || type.getTensorType().getElemType() != TensorProto.DataType.FLOAT.getNumber()) {
            return false;
        }
        List<TensorShapeProto.Dimension> dims = type.getTensorType().getShape().getDimList();
        return dims.size() == 4 && (!dims.get(1).hasDimValue() || dims.get(1).getDimValue() == 3);
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
