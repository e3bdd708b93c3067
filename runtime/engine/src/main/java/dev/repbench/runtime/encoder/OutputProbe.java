package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.encoder.onnx.ExternalData;
import dev.repbench.runtime.encoder.onnx.OutputPromotion;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
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
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        run(model, input, new float[Math.toIntExact(elements)], shape, threads, source)
                .forEach((name, output) -> shapes.put(name, output.shape()));
        return shapes;
    }

    /** One output of a run: its values, row-major, and its shape. */
    record Output(float[] values, long[] shape) {}

    /**
     * Runs {@code model} once on {@code images} laid out as {@code shape}.
     *
     * @return every output by name, in the session's order
     * @throws EncoderFileException with ONNX Runtime's message when the model does not load or does not run
     */
    static Map<String, Output> run(ModelProto model, String input, float[] images, long[] shape, int threads,
                                   Path source) {
        OrtEnvironment env = dev.repbench.runtime.features.session.OnnxEngine.environment(); // process-wide singleton: never closed
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            // A failed run comes back as an exception and its message; ONNX Runtime's own log would repeat it.
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            options.addConfigEntry(ExternalData.FOLDER_OPTION, source.toAbsolutePath().getParent().toString());
            OrtSession session;
            try {
                session = env.createSession(model.toByteArray(), options);
            } catch (OrtException e) {
                throw new EncoderFileException("ONNX Runtime cannot load " + source + " (" + oneLine(e.getMessage())
                        + "): check that the model runs in ONNX Runtime as it is", e);
            }
            try (session; OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), shape);
                 OrtSession.Result result = session.run(Map.of(input, image))) {
                Map<String, Output> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    long[] dims = ((TensorInfo) e.getValue().getInfo()).getShape();
                    float[] values = null;
                    if (e.getValue() instanceof OnnxTensor tensor && tensor.getInfo().type == OnnxJavaType.FLOAT) {
                        FloatBuffer buffer = tensor.getFloatBuffer();
                        values = new float[buffer.remaining()];
                        buffer.get(values);
                    }
                    outputs.put(e.getKey(), new Output(values, dims));
                }
                return outputs;
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

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
