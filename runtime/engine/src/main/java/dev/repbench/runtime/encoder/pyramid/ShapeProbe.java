package dev.repbench.runtime.encoder.pyramid;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;

/**
 * Runs a model once on a blank image and reports the shapes of some of its tensors: how rules learn strides and
 * token counts without shape inference (ONNX Runtime computes every shape a real run has).
 */
@FunctionalInterface
public interface ShapeProbe {
    /**
     * @param model   the model
     * @param tensors tensors of {@code model} whose shapes are wanted
     * @param height  the image height
     * @param width   the image width
     * @return each tensor's shape
     * @throws RuntimeException when the model does not run at that size
     */
    Map<String, long[]> shapes(ModelProto model, List<String> tensors, long height, long width);
}
