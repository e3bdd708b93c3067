package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.encoder.onnx.OutputPromotion;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a model once on ONNX Runtime's CPU provider with a blank image of the declared size, to learn every
 * output's shape and to find out at import time, not at evaluation time, whether the model accepts that size.
 */
final class OutputProbe {
    private OutputProbe() {}

    /**
     * @param model  the model to run
     * @param input  the image input's name
     * @param shape  the input shape {@code [N, 3, H, W]}
     * @param source the file the model came from, named in messages
     * @return every output's shape by name, in the session's order
     * @throws EncoderFileException with ONNX Runtime's message when the model does not load or does not run
     */
    static Map<String, long[]> outputShapes(ModelProto model, String input, long[] shape, int threads, Path source) {
        OrtEnvironment env = dev.repbench.runtime.features.session.OnnxEngine.environment(); // process-wide singleton: never closed
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            OrtSession session;
            try {
                session = env.createSession(model.toByteArray(), options);
            } catch (OrtException e) {
                throw new EncoderFileException("ONNX Runtime cannot load " + source + " (" + oneLine(e.getMessage())
                        + "): check that the model runs in ONNX Runtime as it is", e);
            }
            long elements = 1;
            for (long d : shape) {
                elements *= d;
            }
            try (session; OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.allocate(Math.toIntExact(elements)), shape);
                 OrtSession.Result result = session.run(Map.of(input, image))) {
                Map<String, long[]> shapes = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    shapes.put(e.getKey(), ((TensorInfo) e.getValue().getInfo()).getShape());
                }
                return shapes;
            } catch (OrtException e) {
                throw new EncoderFileException(source + " does not run on a " + shape[2] + "x" + shape[3] + " image (ONNX Runtime: "
                        + oneLine(e.getMessage()) + "): give the size the model takes with --input-size H,W or"
                        + " preprocessing.inputSize in encoder.json", e);
            }
        } catch (OrtException e) {
            throw new EncoderFileException("ONNX Runtime cannot set up a session for " + source + ": " + oneLine(e.getMessage()), e);
        }
    }

    /**
     * The shapes of {@code tensors}, internal or not, for one run of {@code model} at {@code shape}: each is made a
     * graph output under its own name for the run.
     */
    static Map<String, long[]> tensorShapes(ModelProto model, String input, java.util.List<String> tensors, long[] shape,
                                            int threads, Path source) {
        Map<String, OutputPromotion.Promoted> outputs = new LinkedHashMap<>();
        tensors.forEach(t -> outputs.put(t, new OutputPromotion.Promoted(t, false, null)));
        return outputShapes(OutputPromotion.promote(model, outputs, source), input, shape, threads, source);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
