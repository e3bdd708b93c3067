package dev.repbench.runtime.features.session;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * The outputs of one batch: per output, a read-only native-order view of {@code count × imageFloats} values in C
 * order. The views point into the runner's buffers and are valid until its next {@code run}: copy what you keep.
 *
 * @param count  the images in the batch
 * @param values the values per output name, in the order asked for
 * @param shapes the shape of one image's output per name (without the batch dimension)
 */
public record BatchOutputs(int count, Map<String, FloatBuffer> values, Map<String, List<Long>> shapes) {

    /** The values of {@code output}. */
    public FloatBuffer values(String output) {
        FloatBuffer v = values.get(output);
        if (v == null) {
            throw new IllegalArgumentException("no output '" + output + "' in this batch; it has " + values.keySet());
        }
        return v.duplicate();
    }
}
