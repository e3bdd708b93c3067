package dev.repbench.runtime.report.svg;

import java.util.List;
import java.util.Locale;

/**
 * Points with an optional fitted line {@code y = slope · x + intercept} drawn across the points' x range, and an
 * optional note under the title (e.g. Pearson's r).
 *
 * @param name      file-name-safe id
 * @param title     chart title
 * @param xLabel    x axis title
 * @param yLabel    y axis title
 * @param points    the points (non-finite ones are not drawn)
 * @param line      the fitted line, or null
 * @param note      text shown under the title, or null
 * @param groups    the names of the point groups (colours) for a legend, or empty for none
 */
public record ScatterChart(String name, String title, String xLabel, String yLabel, List<Point> points, Line line,
                           String note, List<String> groups) {
    private static final int PLOT = 240;

    /** One point; {@code group} picks its colour. */
    public record Point(String label, double x, double y, int group) {
    }

    /** A fitted line. */
    public record Line(double slope, double intercept) {
    }

    public ScatterChart {
        points = List.copyOf(points);
        groups = List.copyOf(groups);
    }

    /** Lays the chart out. */
    public Scene scene() {
        double[] xs = points.stream().mapToDouble(Point::x).toArray();
        double[] ys = points.stream().mapToDouble(Point::y).toArray();
        NiceTicks yTicks = ValueAxis.ticksFor(ys, null);
        double left = 34 + new ValueAxis(yTicks, 0, 1).labelWidth();
        double top = note == null ? 30 : 46;
        double bottom = top + PLOT;
        ValueAxis x = new ValueAxis(ValueAxis.ticksFor(xs, null), left, left + PLOT);
        ValueAxis y = new ValueAxis(yTicks, bottom, top);
        Scene.Builder b = new Scene.Builder();
        b.text(left, 18, title, 14, Scene.Anchor.START, 0, Rgb.BLACK, true);
        if (note != null) {
            b.text(left, 36, note, ValueAxis.TICK_FONT, Scene.Anchor.START);
        }
        y.drawVertical(b, left, left + PLOT, yLabel);
        x.drawHorizontal(b, top, bottom, xLabel, bottom + 36);
        if (line != null && xs.length > 0) {
            double lo = java.util.Arrays.stream(xs).filter(Double::isFinite).min().orElse(x.ticks.low());
            double hi = java.util.Arrays.stream(xs).filter(Double::isFinite).max().orElse(x.ticks.high());
            b.line(x.pixel(lo), y.pixel(line.slope() * lo + line.intercept()), x.pixel(hi),
                    y.pixel(line.slope() * hi + line.intercept()), new Rgb(68, 68, 68), 1.5, true, "fit-line");
        }
        for (Point p : points) {
            if (Double.isFinite(p.x()) && Double.isFinite(p.y())) {
                b.circle(x.pixel(p.x()), y.pixel(p.y()), 4.5, Rgb.categorical(p.group()), "point",
                        String.format(Locale.ROOT, "%s: (%.4g, %.4g)", p.label(), p.x(), p.y()));
            }
        }
        double legendTop = bottom + 54;
        double legendRight = left;
        for (int g = 0; g < groups.size(); g++) {
            double ly = legendTop + 16 * g;
            b.circle(left + 5, ly - 4, 4.5, Rgb.categorical(g), "legend", null);
            b.text(left + 14, ly, groups.get(g), ValueAxis.TICK_FONT, Scene.Anchor.START);
            legendRight = Math.max(legendRight, left + 14 + Scene.textWidth(groups.get(g), ValueAxis.TICK_FONT) + 10);
        }
        double height = groups.isEmpty() ? bottom + 46 : legendTop + 16 * groups.size() - 4;
        return b.build(name, title, Scene.widthFor(Math.max(left + PLOT + 20, legendRight), left, title),
                (int) Math.ceil(height));
    }
}
