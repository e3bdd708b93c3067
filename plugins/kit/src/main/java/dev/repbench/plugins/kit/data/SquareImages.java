package dev.repbench.plugins.kit.data;

import dev.repbench.api.data.Image;

/**
 * Brings an image to {@code side × side} RGB: grey is replicated to three channels; any other size is resized
 * bilinearly (half-pixel centres, as {@code torch.nn.functional.interpolate(align_corners=False)} without
 * antialiasing) so that its shorter side becomes {@code side}, keeping the aspect, then centre-cropped. Both
 * steps are done in one pass: every output pixel is sampled straight from the source.
 */
public final class SquareImages {

    private SquareImages() {
    }

    /**
     * Writes the square RGB version of {@code image} into {@code out} at {@code offset} (CHW, 3·side² values).
     *
     * @param image  1- or 3-channel image
     * @param side   the output side
     * @param out    the destination
     * @param offset where the image starts in {@code out}
     * @throws IllegalArgumentException if the image has another number of channels
     */
    public static void write(Image image, int side, float[] out, int offset) {
        int channels = image.channels();
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("training images must be grey (1 channel) or RGB (3 channels), got "
                    + channels + " channels");
        }
        int h = image.height();
        int w = image.width();
        float[] src = image.pixels();
        int plane = side * side;
        if (h == side && w == side) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(src, (channels == 1 ? 0 : c) * plane, out, offset + c * plane, plane);
            }
            return;
        }
        // The shorter side becomes `side`; the longer one is rounded as torchvision's Resize(int) does.
        int resizedH = h <= w ? side : (int) (side * (double) h / w);
        int resizedW = w <= h ? side : (int) (side * (double) w / h);
        int top = (int) Math.round((resizedH - side) / 2.0);
        int left = (int) Math.round((resizedW - side) / 2.0);
        double stepY = (double) h / resizedH;
        double stepX = (double) w / resizedW;
        int[] y0 = new int[side];
        int[] y1 = new int[side];
        float[] fy = new float[side];
        axis(side, top, stepY, h, y0, y1, fy);
        int[] x0 = new int[side];
        int[] x1 = new int[side];
        float[] fx = new float[side];
        axis(side, left, stepX, w, x0, x1, fx);
        for (int c = 0; c < 3; c++) {
            int srcPlane = (channels == 1 ? 0 : c) * h * w;
            int dst = offset + c * plane;
            for (int y = 0; y < side; y++) {
                int rowA = srcPlane + y0[y] * w;
                int rowB = srcPlane + y1[y] * w;
                float wy = fy[y];
                for (int x = 0; x < side; x++) {
                    float wx = fx[x];
                    float a = src[rowA + x0[x]] * (1 - wx) + src[rowA + x1[x]] * wx;
                    float b = src[rowB + x0[x]] * (1 - wx) + src[rowB + x1[x]] * wx;
                    out[dst + y * side + x] = a * (1 - wy) + b * wy;
                }
            }
        }
    }

    /** Source neighbours and weights along one axis for output positions {@code start .. start+side-1}. */
    private static void axis(int side, int start, double step, int length, int[] lower, int[] upper, float[] weight) {
        for (int i = 0; i < side; i++) {
            double source = Math.max(0.0, (i + start + 0.5) * step - 0.5);
            int below = Math.min((int) source, length - 1);
            lower[i] = below;
            upper[i] = Math.min(below + 1, length - 1);
            weight[i] = (float) (source - below);
        }
    }
}
