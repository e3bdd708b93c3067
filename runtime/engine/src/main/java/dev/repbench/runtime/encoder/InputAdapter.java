package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.encoder.onnx.ImageInput;
import dev.repbench.runtime.encoder.onnx.InputAdaptation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gives a model from elsewhere RepBench's image input ({@link InputAdaptation}) and, where that freed a batch its
 * export had fixed, checks on ONNX Runtime that nothing in the graph depended on it: the adapted model, run on
 * B + 1 seeded images, must give for the first B what it gives for those B alone (B the exported batch), to
 * {@value #TOLERANCE} of each output's largest value. Where it does not (a Reshape to a constant shape, as
 * torchvision's ViT exported at one image has), the batch stays fixed, the feature runner runs batches of exactly
 * B, and the model's notes say why and how to export it with a free batch.
 */
final class InputAdapter {
    /** Relative agreement asked of a batch of B + 1 with one of B: kernels may block a batch differently. */
    static final double TOLERANCE = 1e-4;

    private InputAdapter() {}

    /**
     * @param height the height to check a freed batch at (the encoder's input size)
     * @param width  its width
     * @param source the model's file, named in messages
     * @throws EncoderFileException when the model does not run at its exported batch
     */
    static InputAdaptation.Adapted adapt(ModelProto model, ImageInput image, long height, long width, int threads,
                                         Path source) {
        InputAdaptation.Adapted adapted = InputAdaptation.toBatchedNchw(model, image);
        if (adapted.freedBatch() < 0) {
            return adapted;
        }
        String dependence = batchDependence(adapted, height, width, threads, source);
        return dependence == null ? adapted : InputAdaptation.toNchwKeepingBatch(model, image, dependence);
    }

    /** How the adapted model's outputs depend on the batch, or null when they do not. */
    private static String batchDependence(InputAdaptation.Adapted adapted, long height, long width, int threads,
                                          Path source) {
        int exported = Math.toIntExact(adapted.freedBatch());
        int perImage = Math.toIntExact(3 * height * width);
        float[] images = new float[(exported + 1) * perImage];
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (2 * random.nextDouble() - 1);
        }
        String input = adapted.input().name();
        Map<String, OutputProbe.Output> alone = OutputProbe.run(adapted.model(), input,
                Arrays.copyOf(images, exported * perImage), new long[] {exported, 3, height, width}, threads, source);
        Map<String, OutputProbe.Output> more;
        try {
            more = OutputProbe.run(adapted.model(), input, images, new long[] {exported + 1, 3, height, width}, threads,
                    source);
        } catch (EncoderFileException e) {
            String cause = e.getCause() == null ? e.getMessage() : OutputProbe.oneLine(e.getCause().getMessage());
            return "its graph does not run on " + (exported + 1) + " images: " + shortened(cause);
        }
        for (Map.Entry<String, OutputProbe.Output> e : alone.entrySet()) {
            String mismatch = mismatch(e.getValue(), more.get(e.getKey()), exported);
            if (mismatch != null) {
                return "its output '" + e.getKey() + "' " + mismatch + " on " + (exported + 1) + " images";
            }
        }
        return null;
    }

    /** ONNX Runtime's message from its node's name on, without the source location of its check. */
    private static String shortened(String message) {
        String text = message.replaceFirst("^.*?Non-zero status code returned while running (\\w+) node\\. Name:'([^']*)'"
                        + " Status Message: ", "$1 node '$2': ")
                .replaceAll("/onnxruntime_src/\\S+ [^(]*\\([^)]*\\) ", "");
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** Why {@code more}'s first {@code rows} rows are not {@code alone}, or null when they agree. */
    private static String mismatch(OutputProbe.Output alone, OutputProbe.Output more, int rows) {
        long[] expected = alone.shape().clone();
        if (expected.length == 0 || expected[0] != rows) {
            return "has shape " + Arrays.toString(alone.shape()) + ", not one row per image,";
        }
        expected[0] = rows + 1;
        if (more == null || !Arrays.equals(expected, more.shape())) {
            return "has shape " + (more == null ? "none" : Arrays.toString(more.shape())) + " where "
                    + Arrays.toString(expected) + " was expected";
        }
        if (alone.values() == null || more.values() == null) {
            return null; // not float: the shapes are what can be checked
        }
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < alone.values().length; i++) {
            largest = Math.max(largest, Math.abs(alone.values()[i]));
            worst = Math.max(worst, Math.abs(alone.values()[i] - more.values()[i]));
        }
        if (worst > TOLERANCE * Math.max(largest, 1e-6) || Double.isNaN(worst)) {
            return "differs (by up to " + (float) worst + " of " + (float) largest + ")";
        }
        return null;
    }
}
