package dev.repbench.runtime.report.svg;

/**
 * A numeric axis over round ticks ({@link NiceTicks}) mapped onto a pixel span: {@code from} is the pixel of
 * the lowest tick, {@code to} of the highest (a vertical axis has {@code from} below {@code to} on screen).
 */
final class ValueAxis {
    static final double TICK_FONT = 11;
    static final double LABEL_FONT = 12;
    private static final Rgb GRID = new Rgb(235, 235, 235);

    final NiceTicks ticks;
    private final double from;
    private final double to;

    ValueAxis(NiceTicks ticks, double from, double to) {
        this.ticks = ticks;
        this.from = from;
        this.to = to;
    }

    /** The ticks covering all finite {@code values} (and {@code alsoInclude}, e.g. 0 for bars). */
    static NiceTicks ticksFor(double[] values, Double alsoInclude) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (alsoInclude != null) {
            min = Math.min(min, alsoInclude);
            max = Math.max(max, alsoInclude);
        }
        if (min > max) { // nothing finite to show
            min = 0;
            max = 1;
        }
        return NiceTicks.of(min, max, 6);
    }

    /** The pixel of {@code value}. */
    double pixel(double value) {
        return from + (value - ticks.low()) / (ticks.high() - ticks.low()) * (to - from);
    }

    /** Gridlines across [x0, x1] and tick labels left of x0, for a vertical axis; the title rotated at the left. */
    void drawVertical(Scene.Builder b, double x0, double x1, String title) {
        for (double t : ticks.values()) {
            double y = pixel(t);
            b.line(x0, y, x1, y, GRID, 1, false, "grid");
            b.line(x0 - 4, y, x0, y, Rgb.BLACK, 1, false, "tick");
            b.text(x0 - 6, y + 4, ticks.label(t), TICK_FONT, Scene.Anchor.END);
        }
        b.line(x0, from, x0, to, Rgb.BLACK, 1, false, "axis");
        if (title != null) {
            double mid = (from + to) / 2;
            b.text(14, mid, title, LABEL_FONT, Scene.Anchor.MIDDLE, -90, Rgb.BLACK, false);
        }
    }

    /** Gridlines across [y0 (top), y1 (bottom)] and tick labels below y1, for a horizontal axis; its title below. */
    void drawHorizontal(Scene.Builder b, double y0, double y1, String title, double titleY) {
        for (double t : ticks.values()) {
            double x = pixel(t);
            b.line(x, y0, x, y1, GRID, 1, false, "grid");
            b.line(x, y1, x, y1 + 4, Rgb.BLACK, 1, false, "tick");
            b.text(x, y1 + 16, ticks.label(t), TICK_FONT, Scene.Anchor.MIDDLE);
        }
        b.line(from, y1, to, y1, Rgb.BLACK, 1, false, "axis");
        if (title != null) {
            b.text((from + to) / 2, titleY, title, LABEL_FONT, Scene.Anchor.MIDDLE);
        }
    }

    /** The widest tick label in pixels. */
    double labelWidth() {
        return ticks.values().stream().mapToDouble(t -> Scene.textWidth(ticks.label(t), TICK_FONT)).max().orElse(0);
    }
}
