package dev.repbench.runtime.features.pipeline;

/**
 * Bilinear resizing of one float plane, as PIL's {@code Image.resize(BILINEAR)} and torch's
 * {@code interpolate(mode="bilinear", align_corners=False, antialias=True)} do it: a triangle filter on half-pixel
 * centres, widened by the scale factor when shrinking (so downsampling averages instead of aliasing); enlarging is
 * plain bilinear interpolation with edge clamping. Separable: rows first, then columns.
 *
 * <p>The weight tables are computed once per (input size, output size); an instance is immutable and may be used
 * from several threads, each with its own scratch array.
 */
public final class BilinearResize {
    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final Axis rows;
    private final Axis columns;

    /** Resizes {@code inHeight × inWidth} planes to {@code outHeight × outWidth}. */
    public BilinearResize(int inHeight, int inWidth, int outHeight, int outWidth) {
        if (inHeight < 1 || inWidth < 1 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("sizes must be 1 or more, got " + inHeight + "x" + inWidth + " -> "
                    + outHeight + "x" + outWidth);
        }
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.rows = new Axis(inHeight, outHeight);
        this.columns = new Axis(inWidth, outWidth);
    }

    /** Floats of scratch {@link #resize} needs: the row-resized intermediate, {@code inHeight × outWidth}. */
    public int scratchSize() {
        return inHeight * outWidth;
    }

    /** Whether input and output sizes are equal, so resizing is a copy. */
    public boolean identity() {
        return inHeight == outHeight && inWidth == outWidth;
    }

    /**
     * Resizes the plane at {@code src[srcOffset…]} (row-major) into {@code dst[dstOffset…]}.
     *
     * @param scratch at least {@link #scratchSize()} floats, not shared with another thread
     */
    public void resize(float[] src, int srcOffset, float[] dst, int dstOffset, float[] scratch) {
        if (identity()) {
            System.arraycopy(src, srcOffset, dst, dstOffset, inHeight * inWidth);
            return;
        }
        // Horizontal pass: every input row to outWidth columns.
        int[] cStart = columns.start;
        int[] cTaps = columns.taps;
        float[] cWeights = columns.weights;
        int cMax = columns.maxTaps;
        for (int y = 0; y < inHeight; y++) {
            int rowBase = srcOffset + y * inWidth;
            int outBase = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                int from = rowBase + cStart[x];
                int w = x * cMax;
                float sum = 0f;
                for (int k = 0, n = cTaps[x]; k < n; k++) {
                    sum += src[from + k] * cWeights[w + k];
                }
                scratch[outBase + x] = sum;
            }
        }
        // Vertical pass: weighted sums of whole intermediate rows (a loop the JIT vectorises).
        int[] rStart = rows.start;
        int[] rTaps = rows.taps;
        float[] rWeights = rows.weights;
        int rMax = rows.maxTaps;
        for (int y = 0; y < outHeight; y++) {
            int out = dstOffset + y * outWidth;
            java.util.Arrays.fill(dst, out, out + outWidth, 0f);
            for (int k = 0, n = rTaps[y]; k < n; k++) {
                float weight = rWeights[y * rMax + k];
                int in = (rStart[y] + k) * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    dst[out + x] += weight * scratch[in + x];
                }
            }
        }
    }

    /** One axis's weights: output position {@code i} sums {@code taps[i]} inputs from {@code start[i]}. */
    private static final class Axis {
        final int[] start;
        final int[] taps;
        final float[] weights;
        final int maxTaps;

        Axis(int in, int out) {
            double scale = (double) in / out;
            // The filter's support grows with the scale when shrinking: each output averages the inputs it covers.
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            maxTaps = (int) Math.ceil(support) * 2 + 1;
            start = new int[out];
            taps = new int[out];
            weights = new float[out * maxTaps];
            double[] w = new double[maxTaps];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                // Truncation toward zero, as PIL and torch compute these bounds.
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), in);
                int n = hi - lo;
                double total = 0;
                for (int k = 0; k < n; k++) {
                    w[k] = triangle((k + lo - center + 0.5) / filterScale);
                    total += w[k];
                }
                start[i] = lo;
                taps[i] = n;
                for (int k = 0; k < n; k++) {
                    weights[i * maxTaps + k] = (float) (total == 0 ? 0 : w[k] / total);
                }
            }
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
