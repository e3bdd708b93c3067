package dev.repbench.runtime.eval.pixelwise;

import dev.repbench.api.data.DenseTarget;
import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.data.Target;
import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The dense targets of some samples of a split at the head's output size (the encoder's input size), held in
 * memory (they are small next to the block features) and handed out per batch as tensors.
 *
 * <p>A target of another size is resized by nearest neighbour: labels must stay labels, and nearest keeps
 * missing pixels (NaN) missing instead of smearing them into their neighbours. Flow vectors are also scaled by the
 * size ratio (u by the width ratio, v by the height ratio), since they are measured in pixels.
 */
public final class DenseTargets {
    /** What kind of map the targets are. */
    public enum Kind {
        /** {@link LabelMap}s: batches are int64 {@code [B, H, W]}, ignored pixels set to {@link #ignoreIndex()}. */
        LABELS,
        /** {@link ScalarMap}s (depth): batches are float {@code [B, 1, H, W]}, NaN where missing. */
        SCALARS,
        /** {@link FlowMap}s: batches are float {@code [B, 2, H, W]}, u then v, NaN where missing. */
        FLOW
    }

    private final Kind kind;
    private final int height;
    private final int width;
    private final int ignoreIndex;
    private final List<int[]> labels = new ArrayList<>();
    private final List<float[]> values = new ArrayList<>();

    private DenseTargets(Kind kind, int height, int width, int ignoreIndex) {
        this.kind = kind;
        this.height = height;
        this.width = width;
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * Reads the targets of samples {@code indices} of {@code source}.
     *
     * @param source      the split
     * @param indices     which samples, in batch order
     * @param kind        the kind every target must be
     * @param height      the output height
     * @param width       the output width
     * @param ignoreIndex the label unlabelled pixels get (each map's own ignore index is mapped to it)
     * @throws IllegalArgumentException if a target is not of {@code kind}
     */
    public static DenseTargets read(SampleSource source, int[] indices, Kind kind, int height, int width, int ignoreIndex) {
        DenseTargets targets = new DenseTargets(kind, height, width, ignoreIndex);
        for (int index : indices) {
            Target target = source.get(index).target();
            switch (kind) {
                case LABELS -> targets.labels.add(targets.labels(expect(target, LabelMap.class, index)));
                case SCALARS -> targets.values.add(targets.scalars(expect(target, ScalarMap.class, index)));
                case FLOW -> targets.values.add(targets.flow(expect(target, FlowMap.class, index)));
            }
        }
        return targets;
    }

    private static <T extends DenseTarget> T expect(Target target, Class<T> type, int index) {
        if (!type.isInstance(target)) {
            throw new IllegalArgumentException("sample " + index + " has target " + target + "; this task's head needs a "
                    + type.getSimpleName());
        }
        return type.cast(target);
    }

    /** @return the kind of the targets */
    public Kind kind() {
        return kind;
    }

    /** @return the label of unlabelled pixels */
    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** @return how many samples */
    public int size() {
        return kind == Kind.LABELS ? labels.size() : values.size();
    }

    /** The targets at positions {@code positions} (into the indices read), as one tensor in the current scope. */
    public Tensor batch(int[] positions) {
        int plane = height * width;
        int b = positions.length;
        if (kind == Kind.LABELS) {
            long[] batch = new long[b * plane];
            for (int i = 0; i < b; i++) {
                int[] map = labels.get(positions[i]);
                for (int p = 0; p < plane; p++) {
                    batch[i * plane + p] = map[p];
                }
            }
            return Tensor.of(batch, b, height, width);
        }
        int channels = kind == Kind.FLOW ? 2 : 1;
        float[] batch = new float[b * channels * plane];
        for (int i = 0; i < b; i++) {
            System.arraycopy(values.get(positions[i]), 0, batch, i * channels * plane, channels * plane);
        }
        return Tensor.of(batch, b, channels, height, width);
    }

    private int[] labels(LabelMap map) {
        int[] out = new int[height * width];
        for (int y = 0; y < height; y++) {
            int sy = nearest(y, height, map.height());
            for (int x = 0; x < width; x++) {
                int label = map.get(sy, nearest(x, width, map.width()));
                out[y * width + x] = label == map.ignoreIndex() ? ignoreIndex : label;
            }
        }
        return out;
    }

    private float[] scalars(ScalarMap map) {
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            int sy = nearest(y, height, map.height());
            for (int x = 0; x < width; x++) {
                out[y * width + x] = map.get(sy, nearest(x, width, map.width()));
            }
        }
        return out;
    }

    private float[] flow(FlowMap map) {
        int plane = height * width;
        float[] out = new float[2 * plane];
        float scaleU = (float) width / map.width();
        float scaleV = (float) height / map.height();
        for (int y = 0; y < height; y++) {
            int sy = nearest(y, height, map.height());
            for (int x = 0; x < width; x++) {
                int sx = nearest(x, width, map.width());
                out[y * width + x] = map.u(sy, sx) * scaleU;
                out[plane + y * width + x] = map.v(sy, sx) * scaleV;
            }
        }
        return out;
    }

    /** The source coordinate whose pixel centre is nearest to output pixel {@code i}'s centre. */
    private static int nearest(int i, int outSize, int inSize) {
        return outSize == inSize ? i : Math.min(inSize - 1, (int) Math.floor((i + 0.5) * inSize / outSize));
    }
}
