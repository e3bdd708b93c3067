package dev.repbench.runtime.report.svg;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Distributions side by side: per group a box (quartiles, median line, whiskers to min and max) and every value
 * as a jittered point, with a dashed reference line (e.g. 0 = the supervised baseline).
 *
 * @param name      file-name-safe id
 * @param title     chart title
 * @param groups    the groups, in order
 * @param yLabel    value axis title
 * @param reference the value of the dashed reference line, or null
 */
public record StripPlot(String name, String title, List<Group> groups, String yLabel, Double reference) {
    private static final int PLOT_HEIGHT = 260;
    private static final double GROUP_WIDTH = 110;

    /** One group's values, each with hover text. */
    public record Group(String name, double[] values, List<String> labels) {
        public Group {
            values = values.clone();
            labels = List.copyOf(labels);
            if (labels.size() != values.length) {
                throw new IllegalArgumentException("group " + name + ": " + labels.size() + " labels for "
                        + values.length + " values");
            }
        }
    }

    public StripPlot {
        groups = List.copyOf(groups);
    }

    /** Lays the chart out. */
    public Scene scene() {
        double[] all = groups.stream().flatMapToDouble(g -> Arrays.stream(g.values())).toArray();
        NiceTicks ticks = ValueAxis.ticksFor(all, reference);
        double left = 34 + new ValueAxis(ticks, 0, 1).labelWidth();
        double top = 30;
        double bottom = top + PLOT_HEIGHT;
        double groupWidth = Math.max(GROUP_WIDTH, groups.stream()
                .mapToDouble(g -> Scene.textWidth(g.name(), ValueAxis.TICK_FONT) + 16).max().orElse(0));
        double plotWidth = Math.max(200, groupWidth * groups.size());
        ValueAxis y = new ValueAxis(ticks, bottom, top);
        Scene.Builder b = new Scene.Builder();
        b.text(left, 18, title, 14, Scene.Anchor.START, 0, Rgb.BLACK, true);
        y.drawVertical(b, left, left + plotWidth, yLabel);
        if (reference != null) {
            b.line(left, y.pixel(reference), left + plotWidth, y.pixel(reference), Rgb.GREY, 1, true, "reference");
        }
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            double centre = left + groupWidth * (g + 0.5);
            double[] sorted = Arrays.stream(group.values()).filter(Double::isFinite).sorted().toArray();
            if (sorted.length > 0) {
                double q1 = y.pixel(quantile(sorted, 0.25));
                double q3 = y.pixel(quantile(sorted, 0.75));
                b.line(centre, y.pixel(sorted[0]), centre, y.pixel(sorted[sorted.length - 1]), Rgb.GREY, 1, false,
                        "whisker");
                b.rect(centre - 22, Math.min(q1, q3), 44, Math.max(1, Math.abs(q1 - q3)), new Rgb(238, 238, 238),
                        Rgb.GREY, "box", String.format(Locale.ROOT, "%s: median %.3g, n = %d", group.name(),
                                quantile(sorted, 0.5), sorted.length));
                double median = y.pixel(quantile(sorted, 0.5));
                b.line(centre - 22, median, centre + 22, median, Rgb.BLACK, 2, false, "median");
            }
            for (int k = 0; k < group.values().length; k++) {
                double v = group.values()[k];
                if (Double.isFinite(v)) {
                    double jitter = ((k * 37) % 29 - 14) * 1.1; // deterministic spread, same in SVG and PNG
                    b.circle(centre + jitter, y.pixel(v), 3.5, Rgb.categorical(g), "point",
                            String.format(Locale.ROOT, "%s: %.3g", group.labels().get(k), v));
                }
            }
            b.text(centre, bottom + 18, group.name(), ValueAxis.TICK_FONT, Scene.Anchor.MIDDLE);
        }
        return b.build(name, title, Scene.widthFor(left + plotWidth + 20, left, title), (int) Math.ceil(bottom + 34));
    }

    /** The linearly interpolated quantile of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
