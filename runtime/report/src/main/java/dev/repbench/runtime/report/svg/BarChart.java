package dev.repbench.runtime.report.svg;

import java.util.List;
import java.util.Locale;

/**
 * Vertical bars: one group per category, one bar per series in each group, drawn up or down from zero (signed
 * values such as differences are fine). A {@code NaN} value draws no bar but keeps its slot.
 *
 * @param name       file-name-safe id
 * @param title      chart title
 * @param categories the groups along x (e.g. tasks)
 * @param series     bar names within a group (e.g. encoders); a single series needs no legend
 * @param values     {@code values[series][category]}
 * @param yLabel     the value axis title
 */
public record BarChart(String name, String title, List<String> categories, List<String> series, double[][] values,
                       String yLabel) {
    private static final int PLOT_HEIGHT = 260;
    private static final double BAR_WIDTH = 14;
    private static final double GROUP_GAP = 12;

    public BarChart {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        if (values.length != series.size()) {
            throw new IllegalArgumentException("bar chart " + name + ": " + values.length + " value rows for "
                    + series.size() + " series");
        }
        for (double[] row : values) {
            if (row.length != categories.size()) {
                throw new IllegalArgumentException("bar chart " + name + ": a series has " + row.length
                        + " values for " + categories.size() + " categories");
            }
        }
    }

    /** Lays the chart out. */
    public Scene scene() {
        double[] all = java.util.Arrays.stream(values).flatMapToDouble(java.util.Arrays::stream).toArray();
        NiceTicks ticks = ValueAxis.ticksFor(all, 0.0);
        double longestCategory = categories.stream().mapToDouble(c -> Scene.textWidth(c, ValueAxis.TICK_FONT))
                .max().orElse(0);
        double left = 34 + new ValueAxis(ticks, 0, 1).labelWidth();
        double top = 30;
        double groupWidth = Math.max(series.size() * BAR_WIDTH, 24) + GROUP_GAP;
        double plotWidth = Math.max(200, categories.size() * groupWidth);
        double legendHeight = series.size() > 1 ? 18 * series.size() + 8 : 0;
        double bottom = top + PLOT_HEIGHT;
        double longestSeries = series.size() > 1
                ? series.stream().mapToDouble(n -> Scene.textWidth(n, ValueAxis.TICK_FONT)).max().orElse(0) : 0;
        int width = Scene.widthFor(Math.max(left + plotWidth + 20, left + 18 + longestSeries + 10), left, title);
        int height = (int) Math.ceil(bottom + longestCategory * 0.72 + 20 + legendHeight);
        ValueAxis y = new ValueAxis(ticks, bottom, top);
        Scene.Builder b = new Scene.Builder();
        b.text(left, 18, title, 14, Scene.Anchor.START, 0, Rgb.BLACK, true);
        y.drawVertical(b, left, left + plotWidth, yLabel);
        double zero = y.pixel(0);
        double barWidth = (groupWidth - GROUP_GAP) / series.size();
        for (int c = 0; c < categories.size(); c++) {
            double groupX = left + GROUP_GAP / 2 + c * groupWidth;
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double yv = y.pixel(v);
                String tip = (series.size() > 1 ? series.get(s) + " · " : "") + categories.get(c) + ": "
                        + String.format(Locale.ROOT, "%.4g", v);
                b.rect(groupX + s * barWidth, Math.min(yv, zero), barWidth, Math.abs(yv - zero),
                        Rgb.categorical(series.size() > 1 ? s : (v < 0 ? 3 : 0)), null, "bar", tip);
            }
            double labelX = groupX + (groupWidth - GROUP_GAP) / 2;
            b.text(labelX + 3, bottom + 12, categories.get(c), ValueAxis.TICK_FONT, Scene.Anchor.END, -45, Rgb.BLACK,
                    false);
        }
        b.line(left, zero, left + plotWidth, zero, Rgb.BLACK, 1, false, "zero");
        if (series.size() > 1) {
            double legendTop = height - legendHeight + 4;
            for (int s = 0; s < series.size(); s++) {
                double ly = legendTop + 18 * s;
                b.rect(left, ly, 12, 12, Rgb.categorical(s), null, "legend", null);
                b.text(left + 18, ly + 10, series.get(s), ValueAxis.TICK_FONT, Scene.Anchor.START);
            }
        }
        return b.build(name, title, width, height);
    }
}
