package dev.repbench.runtime.encoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.repbench.runtime.encoder.onnx.ExternalData;
import dev.repbench.runtime.features.session.OnnxEngine;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model once on ONNX Runtime's CPU provider and copies every output out (tests only). */
public final class OrtRun {

    /** One output: its values and shape. */
    public record Output(float[] values, long[] shape) {}

    private OrtRun() {}

    /**
     * @param model the serialised ONNX model
     * @param input the {@code image} values, {@code shape} laid out row-major
     * @return every graph output by name, in the session's order
     */
    public static Map<String, Output> run(byte[] model, float[] input, long[] shape) throws OrtException {
        return run(model, null, input, shape);
    }

    /** As {@link #run(byte[], float[], long[])}, reading the model's external data from {@code folder} (or none, null). */
    public static Map<String, Output> run(byte[] model, Path folder, float[] input, long[] shape) throws OrtException {
        OrtEnvironment env = OnnxEngine.environment(); // process-wide singleton: never closed
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (folder != null) {
                options.addConfigEntry(ExternalData.FOLDER_OPTION, folder.toAbsolutePath().toString());
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), image))) {
                Map<String, Output> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    OnnxTensor tensor = (OnnxTensor) e.getValue();
                    FloatBuffer values = tensor.getFloatBuffer();
                    float[] copy = new float[values.remaining()];
                    values.get(copy);
                    outputs.put(e.getKey(), new Output(copy, tensor.getInfo().getShape()));
                }
                return outputs;
            }
        }
    }
}
