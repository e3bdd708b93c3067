package dev.repbench.tasks.battery;

import dev.repbench.api.data.Image;

import java.util.Arrays;

/**
 * An RGB picture that garments are pasted onto, remembering which garment each pixel shows, which is where the
 * pixelwise targets come from.
 *
 * <p>A garment's grey value g (0..1) becomes an opacity {@code min(1, 3g)} and a colour {@code tint·(0.35 + 0.65g)}:
 * the silhouette is nearly opaque and the garment's own shading survives the tint. A pixel belongs to the
 * topmost garment with opacity of at least {@value #SOLID}; a pixel whose last fainter layer (opacity above
 * {@value #FAINT}) lies on top is <em>mixed</em>, a blend of two things, and the tasks leave it out of their
 * targets rather than guess (as real annotations ignore boundaries).
 */
final class Canvas {
    /** Opacity from which a pixel shows a garment. */
    static final float SOLID = 0.5f;
    /** Opacity above which a non-solid layer makes a pixel mixed. */
    static final float FAINT = 0.1f;
    /** Owner of a pixel that shows no garment. */
    static final int BACKGROUND = -1;

    private final int height;
    private final int width;
    private final float[] rgb;
    private final int[] owner;
    private final boolean[] mixed;
    private int layers;

    Canvas(int height, int width) {
        this.height = height;
        this.width = width;
        this.rgb = new float[3 * height * width];
        this.owner = new int[height * width];
        this.mixed = new boolean[height * width];
        Arrays.fill(owner, BACKGROUND);
    }

    private Canvas(Canvas other) {
        height = other.height;
        width = other.width;
        rgb = other.rgb.clone();
        owner = other.owner.clone();
        mixed = other.mixed.clone();
        layers = other.layers;
    }

    /**
     * A canvas covered with smooth blotches between two background colours (value noise on a 5×5 grid), so the
     * background has texture for motion and flow to be seen against, but no edges that look like garments.
     */
    static Canvas withNoiseBackground(int height, int width, SampleRandom random) {
        Canvas canvas = new Canvas(height, width);
        float[] a = Colours.background(random);
        float[] b = Colours.background(random);
        int cells = 5;
        float[] grid = new float[(cells + 1) * (cells + 1)];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (float) random.nextDouble();
        }
        for (int y = 0; y < height; y++) {
            float gy = (y + 0.5f) * cells / height;
            int y0 = Math.min(cells - 1, (int) gy);
            float fy = gy - y0;
            for (int x = 0; x < width; x++) {
                float gx = (x + 0.5f) * cells / width;
                int x0 = Math.min(cells - 1, (int) gx);
                float fx = gx - x0;
                float top = (1 - fx) * grid[y0 * (cells + 1) + x0] + fx * grid[y0 * (cells + 1) + x0 + 1];
                float bottom = (1 - fx) * grid[(y0 + 1) * (cells + 1) + x0] + fx * grid[(y0 + 1) * (cells + 1) + x0 + 1];
                float t = (1 - fy) * top + fy * bottom;
                canvas.set(y, x, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2]));
            }
        }
        return canvas;
    }

    /** @return an independent copy, e.g. the same background for every frame of a sequence */
    Canvas copy() {
        return new Canvas(this);
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** Sets a background pixel's colour; components are clamped to [0, 1]. */
    void set(int y, int x, float r, float g, float b) {
        int plane = height * width;
        int p = y * width + x;
        rgb[p] = clamp(r);
        rgb[plane + p] = clamp(g);
        rgb[2 * plane + p] = clamp(b);
    }

    /**
     * Draws a garment scaled to a square box, optionally turned by quarter turns, on top of everything so far.
     *
     * @param garment      the image
     * @param left         box's left edge in pixels, may be fractional or off the canvas
     * @param top          box's top edge
     * @param side         box's side in pixels
     * @param quarterTurns counter-clockwise quarter turns, 0..3
     * @param tint         RGB colour in [0, 1]
     * @return the layer id, 0 for the first garment pasted, as reported by {@link #owner}
     */
    int paste(Garment garment, float left, float top, float side, int quarterTurns, float[] tint) {
        int layer = layers++;
        int plane = height * width;
        float last = garment.images().rows() - 1;
        float scale = garment.images().rows() / side;
        int y0 = Math.max(0, (int) Math.floor(top));
        int y1 = Math.min(height, (int) Math.ceil(top + side));
        int x0 = Math.max(0, (int) Math.floor(left));
        int x1 = Math.min(width, (int) Math.ceil(left + side));
        for (int y = y0; y < y1; y++) {
            float v = (y + 0.5f - top) * scale - 0.5f;
            for (int x = x0; x < x1; x++) {
                float u = (x + 0.5f - left) * scale - 0.5f;
                // Where in the upright image this pixel of the turned image comes from.
                float grey = switch (quarterTurns & 3) {
                    case 0 -> garment.sample(v, u);
                    case 1 -> garment.sample(u, last - v);
                    case 2 -> garment.sample(last - v, last - u);
                    default -> garment.sample(last - u, v);
                };
                float alpha = Math.min(1f, 3f * grey);
                if (alpha <= 0f) {
                    continue;
                }
                float shade = 0.35f + 0.65f * grey;
                int p = y * width + x;
                for (int c = 0; c < 3; c++) {
                    int i = c * plane + p;
                    rgb[i] = clamp(rgb[i] * (1 - alpha) + tint[c] * shade * alpha);
                }
                if (alpha >= SOLID) {
                    owner[p] = layer;
                    mixed[p] = false;
                } else if (alpha > FAINT) {
                    mixed[p] = true;
                }
            }
        }
        return layer;
    }

    /** @return the layer id of the topmost solid garment at (y, x), or {@link #BACKGROUND} */
    int owner(int y, int x) {
        return owner[y * width + x];
    }

    /** @return whether (y, x) blends a faint garment edge over what is below, see the class comment */
    boolean mixed(int y, int x) {
        return mixed[y * width + x];
    }

    /** @return the whole canvas as an image */
    Image toImage() {
        return new Image(3, height, width, rgb.clone());
    }

    /**
     * @return the window of the given size whose top-left corner is at (top, left), inside the canvas
     */
    Image crop(int top, int left, int cropHeight, int cropWidth) {
        if (top < 0 || left < 0 || top + cropHeight > height || left + cropWidth > width) {
            throw new IllegalArgumentException("crop " + cropHeight + "x" + cropWidth + " at (" + top + ", " + left
                    + ") leaves the " + height + "x" + width + " canvas");
        }
        float[] out = new float[3 * cropHeight * cropWidth];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < cropHeight; y++) {
                System.arraycopy(rgb, (c * height + top + y) * width + left, out, (c * cropHeight + y) * cropWidth, cropWidth);
            }
        }
        return new Image(3, cropHeight, cropWidth, out);
    }

    /**
     * A camera's view of the canvas: the square window of side {@code 2·half} centred on (centreY, centreX),
     * resampled bilinearly to {@code side}×{@code side}, so a window larger than {@code side} zooms out and a
     * smaller one zooms in. The window must stay inside the canvas.
     */
    Image view(float centreY, float centreX, float half, int side) {
        if (centreY - half < 0 || centreX - half < 0 || centreY + half > height || centreX + half > width) {
            throw new IllegalArgumentException("view of half-side " + half + " at (" + centreY + ", " + centreX
                    + ") leaves the " + height + "x" + width + " canvas");
        }
        float step = 2 * half / side;
        float[] out = new float[3 * side * side];
        for (int y = 0; y < side; y++) {
            // Pixel centres of the output land on the window's pixel grid; -0.5 converts to pixel-centre coordinates.
            float v = centreY - half + (y + 0.5f) * step - 0.5f;
            for (int x = 0; x < side; x++) {
                float u = centreX - half + (x + 0.5f) * step - 0.5f;
                for (int c = 0; c < 3; c++) {
                    out[(c * side + y) * side + x] = bilinear(c, v, u);
                }
            }
        }
        return new Image(3, side, side, out);
    }

    /** Channel {@code c} at a real position, edge pixels repeated beyond the border. */
    private float bilinear(int c, float v, float u) {
        v = Math.max(0f, Math.min(height - 1f, v));
        u = Math.max(0f, Math.min(width - 1f, u));
        int v0 = Math.min(height - 2, (int) v);
        int u0 = Math.min(width - 2, (int) u);
        float fv = v - v0;
        float fu = u - u0;
        int base = c * height * width;
        float top = (1 - fu) * rgb[base + v0 * width + u0] + fu * rgb[base + v0 * width + u0 + 1];
        float bottom = (1 - fu) * rgb[base + (v0 + 1) * width + u0] + fu * rgb[base + (v0 + 1) * width + u0 + 1];
        return (1 - fv) * top + fv * bottom;
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : Math.min(1f, v);
    }
}
